package com.wecomassist.testing;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A test's own knowledge-base entry, published through the API as the content editor (ed) would. */
public final class PublishedEntries {

    private PublishedEntries() {
    }

    /** Creates, submits and publishes an entry (version 3 then); answers its id ({@code t-…}). */
    public static String publish(WebTestClient web, String question, String answer, String category) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
        web.post().uri("/api/kb/entries").headers(Staff.as("ed")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "question", question, "answer", answer, "category", category))
                .exchange().expectStatus().isCreated();
        web.post().uri("/api/kb/entries/{id}/submit?version=1", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk();
        web.post().uri("/api/kb/entries/{id}/publish?version=2", id).headers(Staff.as("ed")).exchange()
                .expectStatus().isOk();
        return id;
    }
}
