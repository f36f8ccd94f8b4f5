package com.wecomassist.load.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class BareEndpointTest {

    @Test
    void answersACallbackWithAnEmpty200() throws Exception {
        try (BareEndpoint bare = new BareEndpoint("127.0.0.1", 0)) {
            HttpResponse<String> r = Http.post(bare.baseUrl() + "/wecom/callback?msg_signature=x&timestamp=1&nonce=2",
                    "<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        }
    }
}
