package com.wecomassist.contacts;

import java.util.List;

/**
 * A WeCom customer (external contact) and every employee relationship the directory knows of.
 *
 * @param externalUserId WeCom's id of the customer within the bank's corp
 * @param name           the WeChat name as the sync last read it; null until a sync has
 * @param unionid        the unionid, when WeCom gives one; null otherwise
 * @param relationships  one per employee, in employee order
 */
public record Customer(String externalUserId, String name, String unionid, List<FollowRelationship> relationships) {

    public Customer {
        relationships = relationships == null ? List.of() : List.copyOf(relationships);
    }
}
