package com.wecomassist.staff;

import java.io.Serializable;

/**
 * What a login remembers besides the name and roles (the details of its authentication, kept in the
 * session): the member's session epoch when the password was checked. A session whose epoch the
 * member has moved past ({@link StaffDirectory#endSessions}) is over.
 */
record StaffLogin(long sessionEpoch) implements Serializable {
}
