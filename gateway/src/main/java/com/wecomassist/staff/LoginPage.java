package com.wecomassist.staff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The login form ({@code GET /login}): plain HTML, no script, with the CSRF token rendered into it.
 * Spring Security handles {@code POST /login} and {@code POST /logout}.
 */
@RestController
class LoginPage {

    private final String template;

    LoginPage() {
        try (InputStream in = new ClassPathResource("login/login.html").getInputStream()) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("login/login.html is missing from the classpath", e);
        }
    }

    @GetMapping(path = SecurityConfiguration.LOGIN, produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> page(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        String message = message(exchange.getRequest().getQueryParams());
        return token.map(CsrfToken::getToken).defaultIfEmpty("")
                .map(csrf -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .body(template.replace("{{csrf}}", HtmlUtils.htmlEscape(csrf)).replace("{{message}}", message)));
    }

    private static String message(MultiValueMap<String, String> query) {
        if (query.containsKey("locked")) {
            return "<p class=\"msg error\" role=\"alert\">登录失败次数过多，账号已被临时锁定，请稍后再试。</p>";
        }
        if (query.containsKey("throttled")) {
            return "<p class=\"msg error\" role=\"alert\">此处登录失败次数过多，请稍后再试。</p>";
        }
        if (query.containsKey("busy")) {
            return "<p class=\"msg error\" role=\"alert\">登录的人太多，请稍等片刻再试。</p>";
        }
        if (query.containsKey("error")) {
            return "<p class=\"msg error\" role=\"alert\">用户名或密码错误，或账号已停用。</p>";
        }
        if (query.containsKey("logout")) {
            return "<p class=\"msg info\" role=\"status\">您已安全退出。</p>";
        }
        return "";
    }
}
