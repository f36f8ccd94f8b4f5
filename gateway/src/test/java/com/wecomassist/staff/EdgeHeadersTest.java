package com.wecomassist.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Behind a proxy that ends TLS ({@code server.forward-headers-strategy} set, as in {@link EdgeContext}):
 * an HTTPS request, as {@code X-Forwarded-Proto} says, gets HSTS and only Secure cookies; every answer
 * carries the Content-Security-Policy. (Without the setting the header is not believed: see
 * {@code LoginAndRolesTest}.)
 */
class EdgeHeadersTest extends EdgeContext {

    @Test
    void overHttpsAnswersCarryHstsAndEveryCookieIsSecure() {
        EntityExchangeResult<String> page = web.get().uri("/login").header("X-Forwarded-Proto", "https")
                .exchange().expectStatus().isOk()
                .expectHeader().value("Strict-Transport-Security", hsts -> assertThat(hsts).startsWith("max-age="))
                .expectBody(String.class).returnResult();
        assertThat(page.getResponseCookies().getFirst("XSRF-TOKEN").isSecure()).isTrue();

        String person = newPerson("AGENT");
        Login plain = loggedIn(person);
        String csrf = plain.csrf();
        var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
        form.add("username", person);
        form.add("password", Staff.PASSWORD);
        form.add("_csrf", csrf);
        ResponseCookie session = web.post().uri("/login").header("X-Forwarded-Proto", "https").cookie("XSRF-TOKEN", csrf)
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(form))
                .exchange().expectStatus().isFound().returnResult(String.class).getResponseCookies().getFirst("SESSION");
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();

        // plain HTTP: neither
        web.get().uri("/login").exchange().expectHeader().doesNotExist("Strict-Transport-Security");
        assertThat(plain.session()).isNotBlank();
    }

    /** Before: only script-src, object-src and base-uri were set. */
    @Test
    void pagesAndApisCarryTheContentSecurityPolicy() {
        for (String uri : new String[] {"/login", "/console/agent.html", "/api/me"}) {
            web.get().uri(uri).headers(Staff.as("root")).exchange()
                    .expectHeader().valueEquals("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
        }
        assertThat(SecurityConfiguration.CONTENT_SECURITY_POLICY).contains("default-src 'self'")
                .contains("script-src 'self';").contains("frame-ancestors 'none'").contains("form-action 'self'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
    }
}
