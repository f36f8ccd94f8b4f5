package com.wecomassist.load;

import com.wecomassist.load.stub.MsgMenu;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How the load test's customers answer a 猜你想问 menu, the way real ones do: a customer who finds the
 * question they meant among the items taps it; one who does not either writes 人工 ({@code personShare}
 * of them) or leaves the menu unanswered (the rest; the gateway hands the question to the agents when
 * its {@code assist.route.menu-wait} lapses). Before either, the customer reads the menu for a think
 * time drawn uniformly from {@code thinkSeconds} (2–6 s by default: a head line and three short
 * questions read, then a tap or a word typed).
 *
 * <p>The customer recognises the question they meant by its entry: the gateway uses the entry id as
 * the click id when it fits WeCom's 64 bytes, and the question lists name the entry that answers each
 * question ({@link CustomerQuestions.Question#expectedEntryId()}). A question whose entry the list does
 * not name is never recognised in a menu. Settings: {@code load.menu-person-share} (0.5) and
 * {@code load.menu-think-seconds} (2-6).
 *
 * @param personShare      of the customers who do not find their question, the share who write 人工
 * @param thinkMinSeconds  the shortest time spent reading a menu
 * @param thinkMaxSeconds  the longest
 */
public record MenuCustomers(double personShare, double thinkMinSeconds, double thinkMaxSeconds) {

    /** What a customer writes to ask for a person (the gateway's intent check knows it). */
    public static final String PERSON = "人工";

    /** What the customer does with a menu. */
    public enum Action {
        /** Taps the item of the entry they meant. */
        CLICK,
        /** Writes 人工. */
        PERSON,
        /** Answers nothing. */
        IGNORE
    }

    /**
     * A customer's answer to a menu.
     *
     * @param action what they do
     * @param item   the item tapped (CLICK), else null
     */
    public record Choice(Action action, MsgMenu.Item item) {
    }

    public MenuCustomers {
        if (!(personShare >= 0 && personShare <= 1)) {
            throw new IllegalArgumentException("load.menu-person-share must be within 0..1, not " + personShare);
        }
        if (!(thinkMinSeconds >= 0 && thinkMaxSeconds >= thinkMinSeconds && thinkMaxSeconds <= 600)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "load.menu-think-seconds must be MIN-MAX within 0..600 s, not %s-%s", thinkMinSeconds, thinkMaxSeconds));
        }
    }

    public static MenuCustomers fromEnvironment() {
        double[] think = range(LoadConfig.setting("menu-think-seconds", "2-6"), "load.menu-think-seconds");
        return new MenuCustomers(Double.parseDouble(LoadConfig.setting("menu-person-share", "0.5")), think[0], think[1]);
    }

    /**
     * The customer's answer to a menu's items.
     *
     * @param expectedEntryId the entry that answers the question the customer asked, or null when unknown
     * @param items           the menu's items, in order
     */
    public Choice choose(String expectedEntryId, List<MsgMenu.Item> items, RandomGenerator random) {
        MsgMenu.Item meant = rightItem(expectedEntryId, items);
        if (meant != null) {
            return new Choice(Action.CLICK, meant);
        }
        return new Choice(random.nextDouble() < personShare ? Action.PERSON : Action.IGNORE, null);
    }

    /** The item of the entry the customer meant, or null when the menu does not have it. */
    public static MsgMenu.Item rightItem(String expectedEntryId, List<MsgMenu.Item> items) {
        if (expectedEntryId == null || expectedEntryId.isBlank()) {
            return null;
        }
        return items.stream().filter(i -> i.id().equals(expectedEntryId)).findFirst().orElse(null);
    }

    /** How long a customer reads a menu before answering it. */
    public Duration thinkTime(RandomGenerator random) {
        double seconds = thinkMinSeconds + (thinkMaxSeconds - thinkMinSeconds) * random.nextDouble();
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** "MIN-MAX" (or one number) in seconds. */
    public static double[] range(String text, String setting) {
        String[] parts = text.split("-");
        try {
            double min = Double.parseDouble(parts[0].strip());
            double max = parts.length > 1 ? Double.parseDouble(parts[1].strip()) : min;
            return new double[] {min, max};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be MIN-MAX in seconds, not " + text, e);
        }
    }
}
