package com.wecomassist.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * How a customer's question came to be answered, live: the Micrometer counter {@value #METER} with
 * the tag {@value #TAG} set to {@link #tag()} ({@code auto}, {@code menu_offered}, {@code menu_chosen},
 * {@code menu_abandoned}, {@code agent_one_click}, {@code agent_edited}, {@code agent_wrote}). The same
 * names as the evaluation harness's policy split, so that the offline and the live figures compare.
 * The bot's and the agents' answers are counted as they are sent ({@link CountedCollaborationStats});
 * the 猜你想问 menu counts its own three where it offers a menu and learns what became of it.
 */
public enum AnswerOutcome {
    /** The bot sent an answer on its own. */
    AUTO(true),
    /** The bot offered a 猜你想问 menu (no answer yet: the customer chooses, or does not). */
    MENU_OFFERED(false),
    /** The customer chose an item of a menu and got that entry's answer. */
    MENU_CHOSEN(true),
    /** The customer chose none of a menu's items (asked for a person, or let it lapse). */
    MENU_ABANDONED(false),
    /** An agent sent a draft unchanged, or one of its candidates, with one click. */
    AGENT_ONE_CLICK(true),
    /** An agent edited a draft before sending it. */
    AGENT_EDITED(true),
    /** A person wrote the answer: instead of a draft, or in a conversation they took over. */
    AGENT_WROTE(true);

    public static final String METER = "assist.answers";
    public static final String TAG = "outcome";

    private final boolean answers;

    AnswerOutcome(boolean answers) {
        this.answers = answers;
    }

    /** The tag value: the name in lower case ({@code agent_one_click}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * True when the customer got an answer this way; the answered questions are the sum of these,
     * and the dashboard's shares are of them. A menu offered or abandoned answers nothing by itself.
     */
    public boolean answers() {
        return answers;
    }

    /** Counts one on {@value #METER}. */
    public void count(MeterRegistry meters) {
        meters.counter(METER, TAG, tag()).increment();
    }

    /** The live outcome of an answer the dashboard's hourly figures count. */
    static AnswerOutcome of(CollaborationStats.Outcome outcome) {
        return switch (outcome) {
            case AUTO_SENT -> AUTO;
            case MENU_CHOSEN -> MENU_CHOSEN;
            case APPROVED -> AGENT_ONE_CLICK;
            case EDITED -> AGENT_EDITED;
            case WRITTEN_BY_PEOPLE -> AGENT_WROTE;
        };
    }
}
