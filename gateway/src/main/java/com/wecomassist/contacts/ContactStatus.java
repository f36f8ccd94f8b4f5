package com.wecomassist.contacts;

/** Where one follow relationship (a customer × an employee) stands. */
public enum ContactStatus {
    /** Two-way WeChat friends: the employee can chat with the customer and reach them through outreach. */
    ACTIVE,
    /**
     * The customer added the employee without verification ({@code add_half_external_contact}): not yet a
     * two-way friend, so not reachable until the employee accepts (which arrives as an add).
     */
    HALF,
    /** The employee deleted the customer ({@code del_external_contact}). */
    REMOVED_BY_EMPLOYEE,
    /** The customer deleted the employee ({@code del_follow_user}): churn (流失). */
    REMOVED_BY_CUSTOMER,
    /** The customer is being handed to this employee by an inheritance (客户继承) not yet complete. */
    TRANSFERRING,
    /** An inheritance to this employee failed ({@code transfer_fail}: refused, or the employee is full). */
    TRANSFER_FAILED;

    /** Whether the relationship was ended by one side (the friendship no longer exists). */
    public boolean removed() {
        return this == REMOVED_BY_EMPLOYEE || this == REMOVED_BY_CUSTOMER;
    }
}
