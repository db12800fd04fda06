package dev.trellis.gateway.runs;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/runs/retry}: the failed runs to retry, at most 100 per request. */
public record BulkRetryRequest(@NotEmpty @Size(max = 100) List<String> runIds) {
}
