package dev.trellis.gateway.approvals;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the approvals API ({@code trellis.approvals.*}).
 *
 * @param decisionTimeout how long a decision request waits for the run to record it; past that the
 * gateway answers 503 (no worker is picking up the run's tasks)
 */
@ConfigurationProperties("trellis.approvals")
public record ApprovalsProperties(@DefaultValue("30s") Duration decisionTimeout) {
}
