package com.wecomassist.comply;

import com.wecomassist.AssistProperties;
import com.wecomassist.ConditionalOnAssistMode;
import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.comply.memory.InMemoryFlaggedDrafts;
import com.wecomassist.comply.redis.RedisFlaggedDrafts;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The compliance stage: the bank's rule packs (compliance-filters module) check every text that
 * can reach a customer, the machine's drafts and the agents' edits alike; the personal-data masker
 * masks customers' messages before retrieval, drafting, storage and the audit trail. Both are pure
 * CPU work in memory (hundreds of MB/s), so they run inline on the caller's thread.
 */
@Configuration(proxyBeanMethods = false)
class ComplianceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComplianceConfiguration.class);

    @Bean
    ComplianceChecker complianceChecker() {
        ComplianceChecker checker = ComplianceChecker.bankDefault();
        log.info("Compliance: rule packs {} ({} terms)", checker.rules().packLabels(), checker.rules().termCount());
        return checker;
    }

    @Bean
    ComplianceInForce complianceInForce(ComplianceChecker checker) {
        return new ComplianceInForce(checker);
    }

    @Bean
    ComplianceReview complianceReview(ComplianceInForce inForce) {
        return new InlineComplianceReview(inForce);
    }

    @Bean
    PiiMasker piiMasker(ComplianceChecker checker) {
        return new PiiMasker(checker.detector());
    }

    @Bean
    FlaggedDraftRecorder flaggedDraftRecorder(RecentTexts lists, ComplianceProperties settings, PiiMasker masker,
                                              Clock clock) {
        return new FlaggedDraftRecorder(lists, settings.passedSampleRate(), masker, clock);
    }

    /**
     * The compliance officer's recent blocked and reviewed texts, and those that passed: in memory,
     * or in Redis for a cluster.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.EMBEDDED)
    static class Embedded {

        @Bean
        RecentTexts recentTexts(ComplianceProperties settings) {
            return new RecentTexts(new InMemoryFlaggedDrafts(settings.recentCapacity()),
                    new InMemoryFlaggedDrafts(settings.recentCapacity()), settings.recentCapacity());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAssistMode(AssistProperties.Mode.CLUSTER)
    static class Cluster {

        @Bean
        RecentTexts recentTexts(ReactiveStringRedisTemplate redis, AssistProperties assist,
                                ComplianceProperties settings) {
            return new RecentTexts(new RedisFlaggedDrafts(redis, assist.keyPrefix(), RedisFlaggedDrafts.FLAGGED,
                    settings.recentCapacity()), new RedisFlaggedDrafts(redis, assist.keyPrefix(),
                    RedisFlaggedDrafts.PASSED, settings.recentCapacity()), settings.recentCapacity());
        }
    }
}
