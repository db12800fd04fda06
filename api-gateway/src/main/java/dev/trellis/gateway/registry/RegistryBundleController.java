package dev.trellis.gateway.registry;

import java.util.List;
import java.util.Locale;

import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.registry.BundleFormat;
import dev.trellis.registry.BundleService;
import dev.trellis.registry.ImportResult;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The whole registry as one bundle: {@code GET /api/registry/export} (JSON, or YAML with
 * {@code ?format=yaml} or {@code Accept: application/yaml}) and {@code POST /api/registry/import}
 * (JSON or YAML by content type; all or nothing; idempotent).
 */
@RestController
@RequestMapping("/api/registry")
@ConditionalOnRole(TrellisRole.GATEWAY)
class RegistryBundleController {

	private static final List<String> YAML_TYPES = List.of("application/yaml", "application/x-yaml", "text/yaml");

	private final BundleService bundles;

	RegistryBundleController(BundleService bundles) {
		this.bundles = bundles;
	}

	@GetMapping("/export")
	ResponseEntity<byte[]> export(@RequestParam(required = false) String format,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
		BundleFormat chosen = format != null ? fromParameter(format) : fromAccept(accept);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(chosen.mediaType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("trellis-registry." + chosen.name().toLowerCase(Locale.ROOT))
						.build()
						.toString())
			.body(bundles.export(chosen));
	}

	@PostMapping(value = "/import",
			consumes = { MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml", "text/yaml" })
	ImportResult importBundle(@RequestBody byte[] body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, Authentication authentication) {
		return bundles.importBundle(body, BundleFormat.of(MediaType.parseMediaType(contentType).getSubtype()),
				Caller.of(authentication).username());
	}

	private static BundleFormat fromParameter(String format) {
		return switch (format.toLowerCase(Locale.ROOT)) {
			case "json" -> BundleFormat.JSON;
			case "yaml", "yml" -> BundleFormat.YAML;
			default -> throw ApiException.badRequest("Unknown export format",
					List.of(new ApiException.FieldProblem("format", "must be json or yaml")));
		};
	}

	/** The first YAML or JSON type the client lists; JSON when it lists neither. */
	private static BundleFormat fromAccept(String accept) {
		if (accept == null || accept.isBlank()) {
			return BundleFormat.JSON;
		}
		for (MediaType type : MediaType.parseMediaTypes(accept)) {
			String plain = type.getType() + "/" + type.getSubtype();
			if (YAML_TYPES.contains(plain)) {
				return BundleFormat.YAML;
			}
			if (MediaType.APPLICATION_JSON.includes(type) && !type.isWildcardType()) {
				return BundleFormat.JSON;
			}
		}
		return BundleFormat.JSON;
	}

}
