package com.wecomassist.json;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's JSON mapper (the one WebFlux's codecs use for the WeCom API, the model and the console's
 * API), as Spring Boot would build it, on a factory whose buffers are recycled per thread.
 *
 * <p>Why: Jackson 3 recycles its read and write buffers through a pool that is refilled only when a user of a
 * recycler hands it back, and Spring Framework 7.0's Jackson encoder takes one for every body it writes and
 * never hands it back (spring-framework#37058, fixed after 7.0.8). Every request body the gateway sent then
 * allocated a fresh recycler and its buffers (≈ 18 KB): 8 % of all the bytes a reply allocates (JFR, issue 21).
 * A per-thread pool, Jackson 2's default, needs no handing back: each event-loop thread keeps its one
 * recycler. Boot's own customizers ({@code spring.jackson.*}, modules) are applied in their order, as Boot's
 * builder does.
 */
@Configuration(proxyBeanMethods = false)
public class JsonMapperConfiguration {

    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory perThreadBuffers = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
        JsonMapper.Builder builder = JsonMapper.builder(perThreadBuffers);
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }
}
