package com.wecomassist.privacy;

import java.security.Principal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * One customer's personal data, for an administrator (role ADMIN: {@code /api/privacy} is named by
 * no other rule of {@code staff/SecurityConfiguration}, so only ADMIN reaches it):
 * {@code GET /api/privacy/customers/{externalUserId}/export} answers everything the gateway holds
 * about them as one JSON document (also a file to save: {@code customer-<id>.json});
 * {@code DELETE /api/privacy/customers/{externalUserId}} erases it everywhere and answers what each
 * store erased. Both are audited. The rules are {@link PrivacyDesk}'s; refusals are answered by
 * {@code error/RefusedAnswers}: 400 {@code INVALID_CUSTOMER}, 503 {@code BUSY} when a store cannot
 * be reached (both requests may simply be repeated).
 */
@RestController
@RequestMapping("/api/privacy/customers")
class PrivacyController {

    private final PrivacyDesk desk;

    PrivacyController(PrivacyDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/{externalUserId}/export")
    Mono<ResponseEntity<PrivacyDesk.CustomerExport>> export(@PathVariable String externalUserId, Principal admin) {
        return desk.export(externalUserId, admin.getName()).map(export -> ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("customer-" + export.externalUserId() + ".json").build().toString())
                .body(export));
    }

    @DeleteMapping("/{externalUserId}")
    Mono<PrivacyDesk.CustomerErasure> erase(@PathVariable String externalUserId, Principal admin) {
        return desk.erase(externalUserId, admin.getName());
    }
}
