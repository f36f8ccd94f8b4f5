package com.wecomassist.suggest;

import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.comply.ComplianceReview;
import com.wecomassist.draft.Drafter;
import com.wecomassist.retrieve.Retriever;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reply suggestions for account managers. */
@Configuration(proxyBeanMethods = false)
class SuggestConfiguration {

    @Bean
    SuggestionDesk suggestionDesk(Retriever retriever, Drafter drafter, ComplianceReview compliance, PiiMasker masker) {
        return new SuggestionDesk(retriever, drafter, compliance, masker);
    }
}
