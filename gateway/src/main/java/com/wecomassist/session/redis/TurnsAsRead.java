package com.wecomassist.session.redis;

import com.wecomassist.session.Turn;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import tools.jackson.databind.ObjectMapper;

/**
 * A conversation's turns as Redis answered them, each read from its JSON the first time it is asked
 * for. Why: every customer message reads the kept history (20 turns by default), but the reply flow
 * looks only at its two ends — the newest lines back to the last reply, and whether the bot spoke at
 * all — so reading every turn's JSON was most of the cost of the read (≈ 3 % of a cluster instance's
 * CPU per reply in the 2026-12-07 profile). Unmodifiable; a turn whose JSON cannot be read fails where
 * it is asked for, as an error of the same reactive flow that asked.
 *
 * <p>Meant for one flow at a time (a turn's stages run one after another); two threads asking for the
 * same turn at once would each read it, and both get an equal turn.
 */
final class TurnsAsRead extends AbstractList<Turn> implements RandomAccess {

    private final ObjectMapper json;
    private final List<String> stored;
    private final Turn[] read;

    TurnsAsRead(ObjectMapper json, List<String> stored) {
        this.json = json;
        this.stored = List.copyOf(stored);
        this.read = new Turn[this.stored.size()];
    }

    @Override
    public Turn get(int index) {
        Turn turn = read[index];
        if (turn == null) {
            turn = json.readValue(stored.get(index), Turn.class);
            read[index] = turn;
        }
        return turn;
    }

    @Override
    public int size() {
        return stored.size();
    }
}
