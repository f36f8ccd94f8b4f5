package com.wecomassist.access;

import com.wecomassist.staff.StaffMember;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which team's 直营 agents serve which 微信客服 account.
 *
 * @param kfAccountTeams an account's {@code open_kfid} (or a self-built app's AgentID) → the teams
 *                       whose agents see and work its drafts and waiting conversations; an account
 *                       not listed is served by the {@value StaffMember#DEFAULT_TEAM} team
 */
@ConfigurationProperties(prefix = "assist.access", ignoreUnknownFields = false)
public record AccessProperties(Map<String, List<String>> kfAccountTeams) {

    public AccessProperties {
        Map<String, List<String>> checked = new TreeMap<>();
        (kfAccountTeams == null ? Map.<String, List<String>>of() : kfAccountTeams).forEach((account, teams) -> {
            if (teams == null || teams.isEmpty()) {
                throw new IllegalArgumentException("assist.access.kf-account-teams[" + account + "] must name at "
                        + "least one team");
            }
            try {
                checked.put(account, teams.stream().map(StaffMember::team).distinct().toList());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("assist.access.kf-account-teams[" + account + "]: " + e.getMessage());
            }
        });
        kfAccountTeams = Map.copyOf(checked);
    }

    /** The teams that serve this account. */
    Set<String> teamsOf(String account) {
        List<String> teams = kfAccountTeams.get(account);
        return teams == null ? Set.of(StaffMember.DEFAULT_TEAM) : teams.stream().collect(Collectors.toUnmodifiableSet());
    }
}
