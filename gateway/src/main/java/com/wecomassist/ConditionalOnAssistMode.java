package com.wecomassist;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registers a bean only in the given {@code assist.mode}. The one switch between the embedded
 * adapters and the Redis ones; a value that is neither mode stops the gateway with a clear message
 * instead of leaving it without adapters.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Conditional(ConditionalOnAssistMode.OnMode.class)
public @interface ConditionalOnAssistMode {

    AssistProperties.Mode value();

    final class OnMode implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnAssistMode.class.getName());
            return AssistProperties.modeOf(context.getEnvironment()) == attributes.get("value");
        }
    }
}
