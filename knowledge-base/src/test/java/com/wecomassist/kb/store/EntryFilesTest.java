package com.wecomassist.kb.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomassist.kb.entry.Entry;
import com.wecomassist.kb.entry.EntryStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryFilesTest {

    @TempDir
    Path dir;

    private static Entry full() {
        return new Entry("e1", "信用卡怎么还款？", List.of("信用卡还钱", "还信用卡, 用什么方式"),
                "可通过手机银行还款，\"自动还款\"更省心。\n第二行。", "a1", "信用卡", List.of("信用卡", "还款"), "wecom",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), EntryStatus.IN_REVIEW, 3,
                "alice", Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void jsonlRoundTripKeepsEveryField() {
        Path f = dir.resolve("kb.jsonl");
        EntryFiles.write(f, List.of(full()));
        assertThat(EntryFiles.read(f, EntryStatus.DRAFT)).containsExactly(full());
    }

    @Test
    void csvRoundTripKeepsCommasQuotesAndLineBreaks() {
        Path f = dir.resolve("kb.csv");
        EntryFiles.write(f, List.of(full()));
        assertThat(EntryFiles.read(f, EntryStatus.DRAFT)).containsExactly(full());
    }

    @Test
    void readsTheEvaluationFileShapeWithSubjectAsCategory() throws Exception {
        Path f = dir.resolve("kb.jsonl");
        Files.writeString(f, "{\"id\": \"x-1\", \"question\": \"问\", \"answer\": \"答\", \"answerId\": \"a9\", \"subject\": \"主题\"}\n");
        Entry e = EntryFiles.read(f, EntryStatus.PUBLISHED).get(0);
        assertThat(e.category()).isEqualTo("主题");
        assertThat(e.answerKey()).isEqualTo("a9");
        assertThat(e.status()).isEqualTo(EntryStatus.PUBLISHED);
    }

    @Test
    void datesWithoutTimeAreChinaMidnight() throws Exception {
        Path f = dir.resolve("kb.jsonl");
        Files.writeString(f, "{\"id\":\"x\",\"question\":\"q\",\"answer\":\"a\",\"effectiveFrom\":\"2026-07-01\"}\n");
        assertThat(EntryFiles.read(f, EntryStatus.DRAFT).get(0).effectiveFrom())
                .isEqualTo(Instant.parse("2026-06-30T16:00:00Z"));
    }

    @Test
    void reportsEveryBadRowWithItsLineNumber() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"id\":\"ok\",\"question\":\"q\",\"answer\":\"a\"}",
                "{not json",
                "{\"id\":\"noanswer\",\"question\":\"q\"}",
                "{\"id\":\"d\",\"question\":\"q\",\"answer\":\"a\",\"effectiveTo\":\"next week\"}",
                "{\"id\":\"s\",\"question\":\"q\",\"answer\":\"a\",\"status\":\"live\"}",
                "{\"id\":\"ok\",\"question\":\"q2\",\"answer\":\"a2\"}") + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EntryFiles.read(f, EntryStatus.DRAFT))
                .isInstanceOfSatisfying(EntryFileException.class, e -> {
                    assertThat(e.errors()).extracting(RowError::toString).containsExactly(
                            "line 2: invalid JSON: " + e.errors().get(0).message().substring("invalid JSON: ".length()),
                            "line 3 (noanswer): missing field 'answer'",
                            "line 4 (d): effectiveTo is not an ISO date or instant: 'next week'",
                            "line 5 (s): status must be one of draft, in_review, published, archived: 'live'",
                            "line 0 (ok): duplicate id in file");
                });
    }

    @Test
    void csvReportsUnknownColumnsAndShortRows() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "id,question,answer,colour\r\n1,q,a,red\r\n");
        assertThatThrownBy(() -> EntryFiles.read(f, EntryStatus.DRAFT)).isInstanceOf(EntryFileException.class)
                .hasMessageContaining("unknown column 'colour'");
        Files.writeString(f, "id,question,answer\r\n1,q\r\n");
        assertThatThrownBy(() -> EntryFiles.read(f, EntryStatus.DRAFT)).isInstanceOf(EntryFileException.class)
                .hasMessageContaining("line 2: expected 3 cells, found 2");
    }
}
