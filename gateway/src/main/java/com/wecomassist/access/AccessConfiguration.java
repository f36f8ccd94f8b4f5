package com.wecomassist.access;

import com.wecomassist.route.AccountManagers;
import com.wecomassist.staff.StaffDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who sees which drafts and conversations. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    StaffScope staffScope(StaffDirectory directory, AccountManagers managers, AccessProperties settings) {
        return new StaffScope(directory, managers, settings);
    }
}
