package dev.trellis.activities.tools;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * {@code builtin:current_time}: the current time, in UTC or the IANA time zone given as
 * {@code timezone}.
 *
 * <pre>{@code {"timezone": "Europe/Paris"} -> {"iso": "2026-11-22T09:15:00+01:00", "timezone": "Europe/Paris", "epochMillis": ...}}</pre>
 */
public class CurrentTimeTool implements BuiltinTool {

	private final Clock clock;

	public CurrentTimeTool(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String id() {
		return "current_time";
	}

	@Override
	public JsonNode run(JsonNode arguments, Duration timeout) {
		String zone = arguments.path("timezone").asText("UTC");
		ZoneId id;
		try {
			id = ZoneId.of(zone.isBlank() ? "UTC" : zone);
		}
		catch (DateTimeException e) {
			throw new ToolRefusal("InvalidArguments", "unknown time zone '" + zone + "'; use an IANA name such as Europe/Paris");
		}
		ZonedDateTime now = ZonedDateTime.now(clock.withZone(id));
		return JsonNodeFactory.instance.objectNode()
			.put("iso", now.toOffsetDateTime().toString())
			.put("timezone", id.getId())
			.put("epochMillis", now.toInstant().toEpochMilli());
	}

}
