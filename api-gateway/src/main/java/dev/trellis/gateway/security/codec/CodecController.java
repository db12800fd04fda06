package dev.trellis.gateway.security.codec;

import java.util.List;
import java.util.function.UnaryOperator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's remote codec protocol, so the Temporal Web UI and CLI show decoded payloads: {@code POST
 * /codec/decode} and {@code /codec/encode} take and answer the protobuf JSON of {@code Payloads}
 * ({@code {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}).
 *
 * <p>It applies exactly the codecs of the Temporal client's data converter (the encryption codec
 * when {@code trellis.temporal.encryption.key} is set, otherwise none). Who may call it is in the
 * route table (admins and builders), and CORS admits the Temporal UI's origin only.
 */
@RestController
@ConditionalOnRole(TrellisRole.GATEWAY)
class CodecController {

	private static final String EMPTY = "{\"payloads\":[]}";

	private final PayloadCodec codec;

	CodecController(DataConverter temporalDataConverter) {
		this.codec = temporalDataConverter instanceof PayloadCodec chain ? chain : null;
	}

	@PostMapping(path = "/codec/encode", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	String encode(@RequestBody String body) {
		return apply(body, payloads -> codec == null ? payloads : codec.encode(payloads));
	}

	@PostMapping(path = "/codec/decode", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	String decode(@RequestBody String body) {
		return apply(body, payloads -> codec == null ? payloads : codec.decode(payloads));
	}

	private static String apply(String body, UnaryOperator<List<Payload>> operation) {
		Payloads.Builder request = Payloads.newBuilder();
		try {
			JsonFormat.parser().ignoringUnknownFields().merge(body, request);
		}
		catch (InvalidProtocolBufferException e) {
			throw ApiException.badRequest("The body is not the JSON of Temporal payloads");
		}
		List<Payload> result;
		try {
			result = operation.apply(request.getPayloadsList());
		}
		catch (PayloadCodecException e) {
			// The codec's messages name key ids only, never payload content.
			throw ApiException.badRequest(e.getMessage());
		}
		if (result.isEmpty()) {
			return EMPTY;
		}
		try {
			return JsonFormat.printer().omittingInsignificantWhitespace().print(Payloads.newBuilder().addAllPayloads(result));
		}
		catch (InvalidProtocolBufferException e) {
			throw new IllegalStateException("Payloads cannot be printed as JSON", e);
		}
	}

}
