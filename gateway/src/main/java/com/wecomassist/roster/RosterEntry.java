package com.wecomassist.roster;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One WeCom employee as the bank's organisation knows them: the team and branch (支行/分行) their
 * figures roll up to, and their role. WeCom's own department tree is not the bank's reporting line (a
 * branch's 管户 and the head office's 直营 managers often sit in one WeCom department), so the bank
 * supplies this, as it supplies the customer links.
 *
 * @param userid the employee's WeCom userid
 * @param name   their name, for pages and exports; may be null
 * @param team   the team their figures roll up to; never null ({@link #UNASSIGNED} when the bank gave none)
 * @param branch the branch the team belongs to; never null ({@link #UNASSIGNED} when the bank gave none)
 * @param role   the employee's role as welcome templates name it ({@code account-manager}, {@code direct}, …:
 *               a-z 0-9 _ -, lower-cased); may be null
 */
public record RosterEntry(String userid, String name, String team, String branch, String role) {

    /** The team and branch of an employee the bank has not placed: their figures still count, under this name. */
    public static final String UNASSIGNED = "未分配";

    /** Roles are the welcome templates' role codes. */
    public static final Pattern ROLE = Pattern.compile("[a-z0-9_-]{1,32}");

    /** WeCom userids: letters, digits and . _ @ - (what WeCom accepts), at most 64. */
    public static final Pattern USERID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public RosterEntry {
        Objects.requireNonNull(userid, "userid");
        if (!USERID.matcher(userid).matches()) {
            throw new IllegalArgumentException("a userid is 1 to 64 letters, digits, '.', '_', '@' or '-', not '"
                    + userid + "'");
        }
        name = blankToNull(name);
        team = blankToNull(team) == null ? UNASSIGNED : team.strip();
        branch = blankToNull(branch) == null ? UNASSIGNED : branch.strip();
        role = blankToNull(role) == null ? null : role.strip().toLowerCase(java.util.Locale.ROOT);
        if (role != null && !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a role is 1-32 of a-z 0-9 _ - (as welcome templates name roles, "
                    + "e.g. account-manager, direct), not '" + role + "'");
        }
        for (String field : new String[] {name, team, branch, role}) {
            if (field != null && field.length() > 64) {
                throw new IllegalArgumentException("a name, team, branch or role is at most 64 characters: '"
                        + field.substring(0, 20) + "…'");
            }
        }
    }

    /** The entry of an employee the roster does not name: counted under {@link #UNASSIGNED}. */
    public static RosterEntry unplaced(String userid) {
        return new RosterEntry(userid, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
