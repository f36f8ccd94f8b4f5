package com.wecomassist.reply;

import com.wecomassist.conversation.OfferedMenu;
import com.wecomassist.route.RoutingInput;
import java.util.Objects;

/**
 * Where a question stands with a 猜你想问 menu: asked anew (a menu may be offered), the menu declined
 * (the customer answered 人工 or let it lapse: the question goes to the agents), or an entry chosen.
 *
 * @param step    the step, as routing reads it
 * @param offered the menu declined or chosen from, or null for a question asked anew
 * @param chosen  the item the customer clicked, for {@link RoutingInput.MenuStep#CHOSEN} only
 */
record MenuTurn(RoutingInput.MenuStep step, OfferedMenu offered, OfferedMenu.Item chosen) {

    static final MenuTurn ASKED = new MenuTurn(RoutingInput.MenuStep.ASKED, null, null);

    MenuTurn {
        Objects.requireNonNull(step, "step");
        if ((step == RoutingInput.MenuStep.CHOSEN) != (chosen != null)) {
            throw new IllegalArgumentException("an item is chosen exactly at the CHOSEN step");
        }
    }

    static MenuTurn declined(OfferedMenu menu) {
        return new MenuTurn(RoutingInput.MenuStep.DECLINED, menu, null);
    }

    static MenuTurn chosen(OfferedMenu menu, OfferedMenu.Item item) {
        return new MenuTurn(RoutingInput.MenuStep.CHOSEN, menu, item);
    }
}
