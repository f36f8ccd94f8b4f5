package com.wecomassist.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Checks the {@code assist.*} settings as soon as every property source is known and before any
 * bean reads one: an unknown name or a bad value stops the start with one line each
 * ({@link InvalidSettingsException}), instead of the first of them surfacing later, deep inside a
 * bean's creation. The records checked are the ones {@code @ConfigurationPropertiesScan} of the
 * application's sources registers; an application without that annotation is left alone. Then the
 * {@link SettingsRule}s registered in {@code META-INF/spring.factories}, which look at several settings together.
 * Registered in META-INF/spring.factories.
 */
final class SettingsCheckListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        List<String> packages = scannedPackages(event.getSpringApplication());
        if (packages.isEmpty()) {
            return;
        }
        List<String> problems = SettingsCheck.problems(event.getEnvironment(), SettingsCatalog.scan(packages));
        if (problems.isEmpty()) {
            // the rules between settings read values, so only once each value is known to be good
            problems = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                    .load(SettingsRule.class).stream()
                    .flatMap(rule -> rule.problems(event.getEnvironment()).stream())
                    .toList();
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Right after logging is set up, so that the report is logged like every other line. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    /** The packages {@code @ConfigurationPropertiesScan} scans, as that annotation reads them. */
    private static List<String> scannedPackages(SpringApplication application) {
        List<String> packages = new ArrayList<>();
        for (Object source : application.getAllSources()) {
            if (!(source instanceof Class<?> type)) {
                continue;
            }
            MergedAnnotation<ConfigurationPropertiesScan> scan = MergedAnnotations
                    .from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).get(ConfigurationPropertiesScan.class);
            if (!scan.isPresent()) {
                continue;
            }
            List<String> named = new ArrayList<>(Arrays.asList(scan.getStringArray("basePackages")));
            Arrays.stream(scan.getClassArray("basePackageClasses")).map(Class::getPackageName).forEach(named::add);
            packages.addAll(named.isEmpty() ? List.of(type.getPackageName()) : named);
        }
        return packages.stream().distinct().toList();
    }
}
