package com.wecomassist.staff;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.staff.file.FileStaffDirectory;
import com.wecomassist.staff.memory.InMemoryStaffDirectory;
import com.wecomassist.staff.redis.RedisStaffDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The staff directory ({@code assist.mode}), the password hashing, and the first users. */
@Configuration(proxyBeanMethods = false)
class StaffConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StaffConfiguration.class);

    /**
     * BCrypt, written with the {@code {bcrypt}} id so that another algorithm can follow without
     * invalidating stored hashes; bare BCrypt hashes (from configuration) are read as BCrypt.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", bcrypt));
        encoder.setDefaultPasswordEncoderForMatches(bcrypt);
        return encoder;
    }

    @Bean
    PasswordChecks passwordChecks(ConsoleProperties settings) {
        return new PasswordChecks(settings.passwordCheckThreads(), settings.passwordCheckQueue());
    }

    @Bean
    StaffBootstrap staffBootstrap(StaffDirectory directory, ConsoleProperties settings, PasswordEncoder encoder,
                                  AssistProperties assist) {
        return new StaffBootstrap(directory, settings, encoder, assist.mode());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        /**
         * The members in {@code assist.console.staff-file}, so that a restart keeps what administrators did
         * (in memory only when it is blank); failed-login counts and session epochs in memory either way.
         */
        @Bean
        StaffDirectory staffDirectory(Clock clock, ConsoleProperties settings) {
            InMemoryStaffDirectory memory = new InMemoryStaffDirectory(clock);
            if (settings.staffFile().isEmpty()) {
                log.warn("assist.console.staff-file is blank: console users are kept in memory only, and what "
                        + "administrators change (disabled users, passwords, users made through /api/users) is lost "
                        + "at a restart");
                return memory;
            }
            return FileStaffDirectory.open(Path.of(settings.staffFile()), memory);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        StaffDirectory staffDirectory(ReactiveStringRedisTemplate redis, AssistProperties assist) {
            return new RedisStaffDirectory(redis, assist.keyPrefix());
        }
    }
}
