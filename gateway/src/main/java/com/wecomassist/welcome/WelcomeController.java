package com.wecomassist.welcome;

import com.wecomassist.error.Refused;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Welcome templates over HTTP for the content team (CONTENT_EDITOR, ADMIN: {@code /api/welcome/**}):
 * the list, one key's versions and publications, a draft, and the reviewer's publish. Keys are
 * written as {@code contact:<state>:<role>} or {@code kf:<open_kfid>:*} ({@code *}: any). The rules are
 * {@link WelcomeDesk}'s; refusals are answered as {@code {"reason", "message", ...}}: 400 a bad key or
 * text, 403 the author publishing their own draft, 404 no such version, 409 not the latest version,
 * already published, or published meanwhile, 422 the compliance check does not pass the text.
 */
@RestController
@RequestMapping("/api/welcome/templates")
class WelcomeController {

    /** {@code POST .../drafts}: the text of the new version. */
    record DraftRequest(String text) {
    }

    record DraftAnswer(String key, long version, String text, String author, String at, WelcomeDesk.Check check) {
    }

    private final WelcomeDesk desk;

    WelcomeController(WelcomeDesk desk) {
        this.desk = desk;
    }

    @GetMapping
    Mono<List<WelcomeDesk.Listed>> list() {
        return desk.list();
    }

    @GetMapping("/{key}")
    Mono<WelcomeDesk.History> history(@PathVariable String key) {
        return desk.history(parsed(key));
    }

    @PostMapping("/{key}/drafts")
    Mono<ResponseEntity<DraftAnswer>> draft(@PathVariable String key, Principal editor,
                                            @RequestBody(required = false) DraftRequest request) {
        return desk.draft(parsed(key), request == null ? null : request.text(), editor.getName())
                .map(d -> ResponseEntity.status(HttpStatus.CREATED).body(new DraftAnswer(d.draft().key().id(),
                        d.draft().version(), d.draft().text(), d.draft().author(), d.draft().at().toString(),
                        WelcomeDesk.Check.of(d.verdict()))));
    }

    @PostMapping("/{key}/versions/{version}/publish")
    Mono<Publication> publish(@PathVariable String key, @PathVariable long version, Principal reviewer) {
        return desk.publish(parsed(key), version, reviewer.getName());
    }

    private static WelcomeKey parsed(String key) {
        try {
            return WelcomeKey.parse(key);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("BAD_KEY", e.getMessage());
        }
    }
}
