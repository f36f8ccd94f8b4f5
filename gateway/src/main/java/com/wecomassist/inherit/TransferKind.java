package com.wecomassist.inherit;

/** Which of WeCom's two inheritances a job uses. */
public enum TransferKind {
    /** 在职继承: the handover employee stays; the customer is told (optional message, ≤ 200 characters). */
    ON_JOB,
    /** 离职继承: the handover employee has left; no message; the departed employee's drafts and conversations move too. */
    RESIGNED
}
