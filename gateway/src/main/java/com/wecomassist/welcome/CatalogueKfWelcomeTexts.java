package com.wecomassist.welcome;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** {@link KfWelcomeTexts} from the catalogue in memory, checked by {@link CheckedTexts} (no LLM). */
public final class CatalogueKfWelcomeTexts implements KfWelcomeTexts {

    private static final Logger log = LoggerFactory.getLogger(CatalogueKfWelcomeTexts.class);

    private final WelcomeCatalogue catalogue;
    private final CheckedTexts checks;
    private final MeterRegistry meters;

    public CatalogueKfWelcomeTexts(WelcomeCatalogue catalogue, CheckedTexts checks, MeterRegistry meters) {
        this.catalogue = catalogue;
        this.checks = checks;
        this.meters = meters;
    }

    @Override
    public Mono<String> forAccount(String openKfId) {
        return Mono.justOrEmpty(catalogue.forKf(openKfId))
                .flatMap(template -> checks.check(template.text()).flatMap(verdict -> {
                    if (verdict.maySendWithoutReview()) {
                        counted("template");
                        return Mono.just(verdict.text());
                    }
                    // The configured text stands in: a customer entering still gets a welcome, never the failing one.
                    counted("not-compliant");
                    log.warn("welcome template {} v{} fails the compliance check in force ({}): the configured "
                            + "welcome text is sent instead", template.key().id(), template.version(), verdict.action());
                    return Mono.empty();
                }));
    }

    private void counted(String outcome) {
        meters.counter("assist.welcome.outcomes", "channel", "kf", "outcome", outcome).increment();
    }
}
