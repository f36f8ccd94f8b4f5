package com.wecomassist.inbound.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomassist.inbound.InboundMessage;
import com.wecomassist.inbound.MessageKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** sync_msg items as the reply flow reads them: a click on a 猜你想问 menu item keeps its id. */
class KfMessageMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static InboundMessage map(String item) {
        return new KfMessageMapper().map(JSON.readTree(item)).orElseThrow();
    }

    @Test
    void aMenuClickIsAMenuChoiceWithItsIdAndTheItemsText() {
        InboundMessage click = map("""
                {"msgid":"m1","open_kfid":"wkA","external_userid":"wm1","send_time":1764576000,"origin":3,
                 "msgtype":"text","text":{"content":"手机银行登录密码忘了怎么办？","menu_id":"demo-026"}}""");
        assertThat(click.kind()).isEqualTo(MessageKind.MENU_CHOICE);
        assertThat(click.menuId()).isEqualTo("demo-026");
        assertThat(click.text()).isEqualTo("手机银行登录密码忘了怎么办？");
    }

    @Test
    void aTypedTextHasNoMenuId() {
        InboundMessage typed = map("""
                {"msgid":"m2","open_kfid":"wkA","external_userid":"wm1","send_time":1764576000,"origin":3,
                 "msgtype":"text","text":{"content":"人工"}}""");
        assertThat(typed.kind()).isEqualTo(MessageKind.TEXT);
        assertThat(typed.menuId()).isNull();
    }
}
