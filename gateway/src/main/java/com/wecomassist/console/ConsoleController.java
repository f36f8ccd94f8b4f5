package com.wecomassist.console;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consoles are static pages (plain ES modules under {@code static/console/}) on the staff APIs;
 * {@code /console} and {@code /console/} (where a login lands) lead to the page list.
 */
@RestController
class ConsoleController {

    @GetMapping({"/console", "/console/"})
    ResponseEntity<Void> home() {
        return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/console/index.html").build();
    }
}
