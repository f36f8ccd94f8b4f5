package com.wecomassist.retrieve;

import com.wecomassist.knowledge.KnowledgeBaseAccess;
import com.wecomassist.retrieve.lucene.KnowledgeBaseRetriever;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Retrieval from the local knowledge base, in either mode (each instance holds its own index). */
@Configuration(proxyBeanMethods = false)
class RetrieveConfiguration {

    @Bean
    Retriever retriever(KnowledgeBaseAccess kb) {
        return new KnowledgeBaseRetriever(kb);
    }
}
