package dev.trellis.gateway.web;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The canvas uses history routing: a browser reload on {@code /runs/abc} must get the app's
 * {@code index.html}, while {@code /api}, {@code /ws}, {@code /actuator} and files keep their own
 * handlers.
 */
@Controller
@ConditionalOnRole(TrellisRole.GATEWAY)
class SpaForwardController {

	@GetMapping({ "/", "/studio", "/studio/{kind}", "/canvas", "/canvas/{pipeline}", "/runs", "/runs/{runId}",
			"/inbox", "/secrets", "/login" })
	String index() {
		return "forward:/index.html";
	}

}
