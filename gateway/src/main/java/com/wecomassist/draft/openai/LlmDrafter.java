package com.wecomassist.draft.openai;

import com.wecomassist.compliance.ComplianceChecker;
import com.wecomassist.compliance.Verdict;
import com.wecomassist.compliance.pii.PiiMasker;
import com.wecomassist.compliance.pii.PseudonymisedText;
import com.wecomassist.compliance.rules.Action;
import com.wecomassist.compliance.rules.TextKind;
import com.wecomassist.draft.Draft;
import com.wecomassist.draft.DraftKind;
import com.wecomassist.draft.DraftProperties;
import com.wecomassist.draft.DraftRequest;
import com.wecomassist.draft.DraftSource;
import com.wecomassist.draft.Drafter;
import com.wecomassist.draft.DrafterKind;
import com.wecomassist.draft.FallbackReason;
import com.wecomassist.draft.Grounding;
import com.wecomassist.draft.GroundingCheck;
import com.wecomassist.draft.PromptCatalogue;
import com.wecomassist.draft.PromptRef;
import com.wecomassist.draft.RenderedPrompt;
import com.wecomassist.draft.SourceRef;
import com.wecomassist.draft.kb.KbTemplateDrafter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Drafts with an OpenAI-compatible model, and falls back to the {@link KbTemplateDrafter} whenever
 * the model fails or its output cannot be used, recording the reason.
 *
 * <p>What leaves the bank: the retrieved entries and the customer's text with personal data
 * replaced by placeholders ({@code [手机号1]}); placeholders in the answer are resolved back,
 * invented ones removed. The customer's text is framed as data: angle brackets and braces in it
 * are neutralised and it sits between tags carrying a per-request random fence, so it cannot close
 * its frame or pose as a rule.
 *
 * <p>An answer is used only if it is the JSON object the prompt asks for, cites at least one entry
 * and only entries it was given, fits one WeCom message, does not leak the instructions (a
 * per-request canary, the fence, any 16 characters of the prompts), does not speak as someone
 * else, and is not blocked outright by the compliance rule packs (which the comply stage runs again
 * on whatever is sent).
 *
 * <p>An answer that states a figure, rate, date, address, telephone number or product name its cited
 * entries do not contain is still a draft, but not a grounded one ({@link GroundingCheck}): the routing
 * policy gives it to an agent with those claims marked, rather than sending it or silently replacing it.
 * Clarifications and handoffs are the catalogue's templates (with the cited entries' questions), so
 * they are grounded by construction.
 */
public final class LlmDrafter implements Drafter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LlmDrafter.class);
    private static final String MARK = "\u0000";

    private final OpenAiChatClient client;
    private final KbTemplateDrafter fallback;
    private final PromptCatalogue prompts;
    private final PiiMasker masker;
    private final ComplianceChecker compliance;
    private final DraftProperties settings;
    private final String model;
    private final MeterRegistry meters;
    private final OutputGuard guard;
    private final GroundingCheck grounding = new GroundingCheck();
    /** The system prompt with {@link #MARK} where the per-request canary goes: rendered once, not per draft. */
    private final RenderedPrompt systemTemplate;

    public LlmDrafter(OpenAiChatClient client, KbTemplateDrafter fallback, PromptCatalogue prompts, PiiMasker masker,
                      ComplianceChecker compliance, DraftProperties settings, String model, MeterRegistry meters) {
        this.client = client;
        this.fallback = fallback;
        this.prompts = prompts;
        this.masker = masker;
        this.compliance = compliance;
        this.settings = settings;
        this.model = model;
        this.meters = meters;
        this.systemTemplate = prompts.render(PromptCatalogue.DRAFT_SYSTEM, Map.of(
                "bank_name", settings.bankName(),
                "max_bytes", Integer.toString(settings.maxReplyBytes()),
                "max_chars", Integer.toString(settings.maxReplyBytes() / 3),
                "canary", MARK));
        this.guard = new OutputGuard(List.of(systemTemplate.text(),
                prompts.render(PromptCatalogue.DRAFT_ANSWER, Map.of("sources", MARK, "fence", MARK, "customer_message", MARK)).text()));
    }

    @Override
    public Mono<Draft> draft(DraftRequest request) {
        if (request.sources().isEmpty()) {
            // Nothing to draft from: the model could only guess, so the handoff notice, without a call.
            return fallback.draft(request);
        }
        return Mono.defer(() -> {
            Call call = prepare(request);
            return client.complete(call.system().text(), call.user().text()).map(answer -> accept(request, call, answer));
        }).onErrorResume(e -> Mono.fromSupplier(() -> fellBack(request, e)));
    }

    /** The rendered prompts and the per-request values needed to check and restore the answer. */
    private record Call(RenderedPrompt system, RenderedPrompt user, PseudonymisedText customer, String canary, String fence) {
    }

    private Call prepare(DraftRequest request) {
        String canary = "WA-" + randomHex(6);
        String fence = "f" + randomHex(6);
        PseudonymisedText customer = masker.pseudonymise(request.customerText());
        StringBuilder sources = new StringBuilder();
        for (DraftSource s : request.sources()) {
            sources.append("<资料 编号=\"").append(frame(s.entryId())).append("\">\n")
                    .append("问：").append(frame(s.question().strip())).append('\n')
                    .append("答：").append(frame(s.answer().strip())).append('\n')
                    .append("</资料>\n");
        }
        RenderedPrompt user = prompts.render(PromptCatalogue.DRAFT_ANSWER, Map.of(
                "sources", sources.toString().strip(),
                "fence", fence,
                "customer_message", frame(customer.text())));
        return new Call(systemPrompt(canary), user, customer, canary, fence);
    }

    private RenderedPrompt systemPrompt(String canary) {
        return new RenderedPrompt(systemTemplate.ref(), systemTemplate.text().replace(MARK, canary));
    }

    private Draft accept(DraftRequest request, Call call, ChatAnswer chat) {
        ModelAnswer answer = ModelAnswer.parse(chat.content());
        Map<String, DraftSource> given = new LinkedHashMap<>();
        request.sources().forEach(s -> given.putIfAbsent(s.entryId(), s));
        List<DraftSource> cited = new ArrayList<>();
        for (String id : answer.usedEntryIds()) {
            DraftSource source = given.get(id);
            if (source == null) {
                throw new LlmDraftFailedException(FallbackReason.UNKNOWN_SOURCES, "the answer cites entry " + id + ", which it was not given");
            }
            cited.add(source);
        }
        List<PromptRef> used = new ArrayList<>(List.of(call.system().ref(), call.user().ref()));
        switch (answer.status()) {
            case HANDOFF -> {
                RenderedPrompt handoff = prompts.render(PromptCatalogue.HANDOFF);
                used.add(handoff.ref());
                return new Draft(handoff.text().strip(), DraftKind.HANDOFF, List.of(), used, model, DrafterKind.LLM, null,
                        Grounding.byConstruction());
            }
            case CLARIFY -> {
                if (cited.size() < 2) {
                    throw new LlmDraftFailedException(FallbackReason.MALFORMED_OUTPUT, "a clarification needs two or more entries");
                }
                StringBuilder options = new StringBuilder();
                for (int i = 0; i < cited.size(); i++) {
                    options.append(i + 1).append(". ").append(cited.get(i).question().strip()).append('\n');
                }
                RenderedPrompt question = prompts.render(PromptCatalogue.CLARIFICATION, Map.of("options", options.toString().strip()));
                used.add(question.ref());
                return new Draft(question.text().strip(), DraftKind.CLARIFICATION, refs(cited), used, model, DrafterKind.LLM,
                        null, Grounding.byConstruction());
            }
            default -> {
                return answerDraft(request, call, answer, cited, used);
            }
        }
    }

    private Draft answerDraft(DraftRequest request, Call call, ModelAnswer answer, List<DraftSource> cited,
                              List<PromptRef> used) {
        if (cited.isEmpty()) {
            throw new LlmDraftFailedException(FallbackReason.UNKNOWN_SOURCES, "the answer cites no entry");
        }
        String text = OutputGuard.plainText(answer.answer());
        if (text.isBlank()) {
            throw new LlmDraftFailedException(FallbackReason.EMPTY_OUTPUT, "status answer without an answer");
        }
        FallbackReason refused = guard.check(text, List.of(call.canary(), call.fence()));
        if (refused != null) {
            throw new LlmDraftFailedException(refused, "output guard: " + refused.tag());
        }
        text = OutputGuard.withoutPlaceholders(call.customer().restore(text)).strip();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.maxReplyBytes()) {
            throw new LlmDraftFailedException(FallbackReason.TOO_LONG, bytes + " bytes, more than " + settings.maxReplyBytes());
        }
        Verdict verdict = compliance.check(text, TextKind.AI_DRAFT);
        if (verdict.action() == Action.BLOCK) {
            throw new LlmDraftFailedException(FallbackReason.COMPLIANCE_BLOCKED, "blocked by " + verdict.hits().stream()
                    .filter(h -> h.action() == Action.BLOCK).map(h -> h.ruleId()).distinct().toList());
        }
        // checked on the text the customer would read (placeholders restored) against the customer's words as given
        return new Draft(text, DraftKind.ANSWER, refs(cited), used, model, DrafterKind.LLM, null,
                grounding.check(text, cited, request.customerText()));
    }

    private Draft fellBack(DraftRequest request, Throwable e) {
        FallbackReason reason;
        if (e instanceof DraftFailure failure) {
            reason = failure.reason();
            // An unexpected failure's cause is what someone will need to find it: log its stack;
            // the expected ones (timeouts, refusals, guards) are told well enough by their message.
            Throwable stack = reason == FallbackReason.UNEXPECTED_ERROR ? e.getCause() : null;
            log.warn("LLM draft for conversation {} replaced by the KB draft: {} ({})", request.conversationId(),
                    reason.tag(), e.getMessage(), stack);
        } else {
            // Fail safe: whatever went wrong, the customer still gets the curated answer.
            reason = FallbackReason.UNEXPECTED_ERROR;
            log.error("LLM draft for conversation {} failed unexpectedly; KB draft used", request.conversationId(), e);
        }
        meters.counter("assist.draft.fallbacks", "reason", reason.tag()).increment();
        return fallback.compose(request).standingInBecause(reason);
    }

    private static List<SourceRef> refs(List<DraftSource> sources) {
        return sources.stream().map(DraftSource::ref).toList();
    }

    /** Text put inside our frames: no tags of its own, no template braces. */
    private static String frame(String text) {
        return text.replace('<', '＜').replace('>', '＞').replace("{{", "｛｛").replace("}}", "｝｝");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        client.close();
    }
}
