package com.wecomassist.settings;

import java.util.List;
import org.springframework.core.env.Environment;

/**
 * A rule between several {@code assist.*} settings that no single setting's type or range can say
 * (the simulator beside a real WeCom account, for one). Checked with the names and values before any
 * bean is made, and reported the same way: one line per problem, no stack trace. A feature registers
 * its rule in {@code META-INF/spring.factories} under this interface's name; the rule has a no-argument
 * constructor and reads only the environment.
 */
public interface SettingsRule {

    /**
     * What is wrong with the settings as given, one line each naming the settings and what to do;
     * empty when nothing is. Called only once every name and value passed the check of their own.
     */
    List<String> problems(Environment settings);
}
