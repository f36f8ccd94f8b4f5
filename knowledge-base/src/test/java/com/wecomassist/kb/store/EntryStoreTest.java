package com.wecomassist.kb.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryStoreTest {

    @TempDir
    Path dir;

    private static Entry v(String id, long version, EntryStatus status, String answer) {
        return Entry.draft(id, "问题" + id, answer).asVersion(version, status, "ed", Instant.EPOCH);
    }

    @Test
    void publishedVersionStaysLiveWhileTheNextIsDrafted() {
        try (EntryStore store = EntryStore.inMemory()) {
            store.append(List.of(v("a", 1, EntryStatus.DRAFT, "x"), v("a", 2, EntryStatus.IN_REVIEW, "x"),
                    v("a", 3, EntryStatus.PUBLISHED, "x"), v("a", 4, EntryStatus.DRAFT, "y")));
            var state = store.get("a").orElseThrow();
            assertThat(state.latest().version()).isEqualTo(4);
            assertThat(state.live().version()).isEqualTo(3);
            assertThat(state.history()).hasSize(4);
            store.append(List.of(v("a", 5, EntryStatus.ARCHIVED, "y")));
            assertThat(store.get("a").orElseThrow().live()).isNull();
        }
    }

    @Test
    void rejectsVersionGaps() {
        try (EntryStore store = EntryStore.inMemory()) {
            assertThatThrownBy(() -> store.append(List.of(v("a", 2, EntryStatus.DRAFT, "x"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not follow saved version 0");
        }
    }

    @Test
    void survivesRestartAndDropsATornLastBatch() throws Exception {
        Path journal = dir.resolve("entries.journal");
        try (EntryStore store = EntryStore.open(journal)) {
            store.append(List.of(v("a", 1, EntryStatus.PUBLISHED, "x"), v("b", 1, EntryStatus.DRAFT, "y")));
            store.append(List.of(v("a", 2, EntryStatus.DRAFT, "z")));
        }
        // A crash in the middle of writing the next batch leaves a line without its newline.
        Files.writeString(journal, "{\"entries\":[{\"id\":\"c\",\"quest", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (EntryStore store = EntryStore.open(journal)) {
            assertThat(store.size()).isEqualTo(2);
            assertThat(store.get("a").orElseThrow().latest().answer()).isEqualTo("z");
            assertThat(store.get("a").orElseThrow().live().version()).isEqualTo(1);
            assertThat(store.get("c")).isEmpty();
            store.append(List.of(v("c", 1, EntryStatus.DRAFT, "w")));
        }
        try (EntryStore store = EntryStore.open(journal)) {
            assertThat(store.size()).isEqualTo(3);
        }
    }
}
