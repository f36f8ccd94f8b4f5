package com.wecomassist.welcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The welcome texts in force on this instance, in memory: the shipped defaults
 * ({@code welcome/templates.json} in the gateway's resources) with the content team's publications
 * over them. A welcome's 20 s leave no room for a store read, so choosing a text is a map lookup;
 * the map is replaced whole when a publication is seen ({@link #refresh}), so a lookup sees one
 * consistent set.
 *
 * <p>Choosing: for a 客户联系 welcome the most specific of (State, role), (State, any role),
 * (any State, role), (any State, any role); for a 微信客服 welcome (open_kfid), then (any account).
 * The shipped defaults cover (any State, any role) only, so a 客户联系 welcome always has a text;
 * 微信客服 falls back to {@code assist.reply.welcome-text} when nothing is published for it.
 */
public final class WelcomeCatalogue {

    private static final Logger log = LoggerFactory.getLogger(WelcomeCatalogue.class);
    static final String SHIPPED = "welcome/templates.json";
    /** The shipped defaults' author and reviewer, and their version: 0, below any the team publishes. */
    public static final String SHIPPED_BY = "shipped";

    /** A text chosen for a welcome: its key and version (0: shipped with the gateway). */
    public record Template(WelcomeKey key, long version, String text) {
    }

    private final WelcomeTemplates store;
    private final Map<WelcomeKey, Template> shipped;
    private volatile Map<WelcomeKey, Template> inForce;
    private volatile long seenCount = -1;

    public WelcomeCatalogue(WelcomeTemplates store, Map<WelcomeKey, String> shipped) {
        this.store = store;
        Map<WelcomeKey, Template> defaults = new LinkedHashMap<>();
        shipped.forEach((key, text) -> defaults.put(key, new Template(key, 0, text)));
        this.shipped = Map.copyOf(defaults);
        this.inForce = this.shipped;
    }

    /** The shipped defaults of the gateway's resources. */
    public static Map<WelcomeKey, String> shippedDefaults() {
        try (InputStream in = WelcomeCatalogue.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the class path");
            }
            Map<WelcomeKey, String> defaults = new LinkedHashMap<>();
            for (JsonNode t : JsonMapper.builder().build().readTree(in).path("templates")) {
                defaults.put(WelcomeKey.parse(t.path("key").asString()), t.path("text").asString());
            }
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 客户联系 welcome for a customer who came through {@code state} (may be null) to an employee of {@code role}. */
    public Template forContact(String state, String role) {
        Map<WelcomeKey, Template> now = inForce;
        String code = state == null || state.isBlank() ? WelcomeKey.ANY : state;
        List<WelcomeKey> candidates = new ArrayList<>(4);
        if (!WelcomeKey.ANY.equals(code)) {
            addIfValid(candidates, code, role);
            addIfValid(candidates, code, WelcomeKey.ANY);
        }
        addIfValid(candidates, WelcomeKey.ANY, role);
        candidates.add(WelcomeKey.contact(WelcomeKey.ANY, WelcomeKey.ANY));
        for (WelcomeKey key : candidates) {
            Template t = now.get(key);
            if (t != null) {
                return t;
            }
        }
        // unreachable while the shipped defaults hold contact:*:*, which a test of the resources checks
        throw new IllegalStateException("no welcome text for contact:*:* — the shipped defaults are damaged");
    }

    /** The 微信客服 welcome of an account, when the team published one (for it or for every account). */
    public Optional<Template> forKf(String openKfId) {
        Map<WelcomeKey, Template> now = inForce;
        List<WelcomeKey> candidates = new ArrayList<>(2);
        try {
            candidates.add(WelcomeKey.kf(openKfId));
        } catch (IllegalArgumentException e) {
            // an account id we could not key a template by: only the any-account template can apply
        }
        candidates.add(WelcomeKey.kf(WelcomeKey.ANY));
        return candidates.stream().map(now::get).filter(t -> t != null).findFirst();
    }

    /** Every text in force now, shipped and published, by key. */
    public Map<WelcomeKey, Template> inForce() {
        return inForce;
    }

    /** The shipped default of a key, if any. */
    public Optional<Template> shipped(WelcomeKey key) {
        return Optional.ofNullable(shipped.get(key));
    }

    /** Reads the publications again when their count moved since the last read (or always, when {@code force}). */
    public Mono<Boolean> refresh(boolean force) {
        return store.publicationCount().flatMap(count -> {
            if (!force && count == seenCount) {
                return Mono.just(false);
            }
            return store.published().collectList().map(publications -> {
                Map<WelcomeKey, Template> next = new LinkedHashMap<>(shipped);
                publications.forEach(p -> next.put(p.key(), new Template(p.key(), p.version(), p.text())));
                inForce = Map.copyOf(next);
                seenCount = count;
                log.info("Welcome templates: {} in force ({} published)", next.size(), publications.size());
                return true;
            });
        });
    }

    private static void addIfValid(List<WelcomeKey> candidates, String code, String role) {
        try {
            candidates.add(WelcomeKey.contact(code, role));
        } catch (IllegalArgumentException e) {
            // a State no template could be keyed by (WeCom allows more characters): the less specific keys apply
        }
    }
}
