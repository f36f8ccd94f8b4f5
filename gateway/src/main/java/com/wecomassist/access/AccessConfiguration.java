package com.wecomassist.access;

import com.wecomassist.contacts.ContactScope;
import com.wecomassist.customerlinks.CustomerLinkScope;
import com.wecomassist.route.AccountManagers;
import com.wecomassist.staff.StaffDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who sees which drafts, conversations, 客户联系 customers and the bank's customer links. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    StaffScope staffScope(StaffDirectory directory, AccountManagers managers, AccessProperties settings) {
        return new StaffScope(directory, managers, settings);
    }

    @Bean
    ContactScope contactScope(StaffScope scope) {
        return username -> scope.of(username).map(viewer -> viewer::seesCustomersOf);
    }

    @Bean
    CustomerLinkScope customerLinkScope(StaffScope scope) {
        return username -> scope.of(username).map(viewer -> viewer::seesCustomerLinksOf);
    }
}
