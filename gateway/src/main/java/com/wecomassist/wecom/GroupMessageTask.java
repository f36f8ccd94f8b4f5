package com.wecomassist.wecom;

import java.util.List;

/**
 * A 企业群发 task as add_msg_template created it: its {@code msgid}, and the customers WeCom left out
 * ({@code fail_list}: not the sender's friends, or not valid). Nothing is sent until the sender confirms.
 */
public record GroupMessageTask(String msgid, List<String> failList) {

    public GroupMessageTask {
        failList = List.copyOf(failList);
    }
}
