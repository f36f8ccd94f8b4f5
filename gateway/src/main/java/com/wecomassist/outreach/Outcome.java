package com.wecomassist.outreach;

/**
 * What became of a customer in a strategy's test, each counted once per customer and test: assigned to
 * an arm (the control group too), a message made for them (a task created, or a 微信客服 message sent),
 * confirmed by the employee, delivered, the customer replied (互动), converted (转化), removed the
 * employee (流失).
 */
public enum Outcome { ASSIGNED, SENT, CONFIRMED, DELIVERED, REPLIED, CONVERTED, CHURNED }
