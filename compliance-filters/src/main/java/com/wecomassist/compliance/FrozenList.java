package com.wecomassist.compliance;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list over the first {@code size} elements of an array that nobody else holds.
 * The rule engine builds hits into an array; wrapping it instead of copying it into
 * {@code List.of(...)} saves a copy per check on the hot path.
 */
final class FrozenList<E> extends AbstractList<E> implements RandomAccess {

    private final E[] elements;
    private final int size;

    FrozenList(E[] elements, int size) {
        this.elements = elements;
        this.size = size;
    }

    @Override
    public E get(int index) {
        Objects.checkIndex(index, size);
        return elements[index];
    }

    @Override
    public int size() {
        return size;
    }
}
