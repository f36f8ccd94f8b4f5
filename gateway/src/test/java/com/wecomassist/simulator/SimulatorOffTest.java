package com.wecomassist.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Beside a real WeCom account the simulator is off, and then nothing of it answers: not its WeCom API,
 * not its chat API, not its page or the page's files (which used to be served as static files).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "assist.wecom.corp-id=wwRealBank0001",
        "assist.wecom.token=RealToken01",
        "assist.wecom.encoding-aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "assist.wecom.secret=real-secret"})
@AutoConfigureWebTestClient
class SimulatorOffTest {

    @Autowired
    WebTestClient web;
    @Autowired
    ApplicationContext context;

    @Test
    void nothingUnderSimulatorAnswers() {
        assertThat(context.getBeanNamesForType(WecomSimulator.class)).isEmpty();
        assertThat(context.getBeanNamesForType(com.wecomassist.simulator.contacts.ContactsSimulator.class)).isEmpty();
        for (String path : new String[] {"/simulator", "/simulator/", "/simulator/index.html", "/simulator/simulator.js",
                "/simulator/simulator.css", "/simulator/api/accounts",
                "/simulator/cgi-bin/gettoken?corpid=wwsimulatedbank001&corpsecret=simulator-secret",
                "/simulator/contacts.html", "/simulator/contacts.js", "/simulator/api/contacts/employees",
                "/simulator/cgi-bin/externalcontact/list?userid=zhangwei"}) {
            web.get().uri(path).exchange().expectStatus().isNotFound();
        }
        web.post().uri("/simulator/api/chats/wkSimulatedBank01/wmSomeone/messages")
                .bodyValue(java.util.Map.of("text", "hi")).exchange().expectStatus().isNotFound();
        web.post().uri("/simulator/cgi-bin/externalcontact/send_welcome_msg")
                .bodyValue(java.util.Map.of("welcome_code", "x")).exchange().expectStatus().isNotFound();
    }
}
