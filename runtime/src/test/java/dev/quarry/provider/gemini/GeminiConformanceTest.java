package dev.quarry.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testing.GeminiProtos;
import dev.quarry.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proto checker itself: it reads the v1beta protos, accepts every request the official SDK
 * sent to the live Gemini API, and rejects what the protos rule out.
 */
class GeminiConformanceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REQUEST = "google.ai.generativelanguage.v1beta.GenerateContentRequest";

  @Test
  void theProtosAreReadWithJsonNamesOneofsMapsAndEnums() {
    GeminiProtos protos = GeminiProtos.v1beta();

    GeminiProtos.MessageType config =
        protos.message("google.ai.generativelanguage.v1beta.GenerationConfig");
    assertThat(config.fields().get("responseJsonSchema").name())
        .isEqualTo("response_json_schema_ordered");
    assertThat(config.fields().get("_responseJsonSchema").name()).isEqualTo("response_json_schema");
    assertThat(config.fields().get("maxOutputTokens").type()).isEqualTo("int32");
    GeminiProtos.MessageType part = protos.message("google.ai.generativelanguage.v1beta.Part");
    assertThat(part.fields().get("inlineData").oneof()).isEqualTo("data");
    assertThat(part.fields().get("functionCall").type())
        .isEqualTo("google.ai.generativelanguage.v1beta.FunctionCall");
    assertThat(part.fields().get("thoughtSignature").type()).isEqualTo("bytes");
    GeminiProtos.MessageType schema = protos.message("google.ai.generativelanguage.v1beta.Schema");
    assertThat(schema.fields().get("properties").mapKey()).isEqualTo("string");
    assertThat(protos.enumValues(
        "google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode"))
        .contains("AUTO", "ANY", "NONE", "VALIDATED");
    assertThat(protos.message(REQUEST).fields().get("safetySettings").type())
        .isEqualTo("google.ai.generativelanguage.v1beta.SafetySetting");
  }

  @Test
  void everyRecordedGeminiApiRequestConforms() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Path dir = SharedData.path("wire/gemini/examples/js-genai-recordings");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        JsonNode recording = JSON.readTree(Files.readString(file));
        for (JsonNode interaction : recording.path("interactions")) {
          JsonNode request = interaction.path("request");
          String url = request.path("url").asString("");
          if (!url.startsWith("/v1beta/models/") || !url.contains("enerateContent")) {
            continue; // Vertex AI and v1alpha have protos of their own
          }
          JsonNode body = request.path("bodySegments").path(0);
          checked.add(file.getFileName() + " " + url);
          for (String error : GeminiProtos.v1beta().errors(REQUEST, body)) {
            errors.add(file.getFileName() + ": " + error);
          }
        }
      }
    }
    assertThat(checked).hasSizeGreaterThan(40);
    assertThat(errors).isEmpty();
  }

  @Test
  void unknownFieldsWrongKindsBadEnumsAndTwoOneofMembersAreReported() {
    JsonNode body = JSON.readTree("""
        {"contents":[{"role":"user","parts":[
            {"text":"hi","inlineData":{"mimeType":"image/png","data":"iVBOR"}},
            {"txt":"typo"}]}],
         "generationConfig":{"maxOutputTokens":"many","responseMimeType":5,
                             "response_format":{"type":"json_object"}},
         "toolConfig":{"functionCallingConfig":{"mode":"ALWAYS"}},
         "tools":{"functionDeclarations":[]}}""");

    List<String> errors = GeminiProtos.v1beta().errors(REQUEST, body);

    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("/contents/0/parts/0/inlineData")
        .contains("oneof data", "already set by text"));
    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("/contents/0/parts/1/txt")
        .contains("unknown field"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("/generationConfig/maxOutputTokens: expected an integer"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("/generationConfig/responseMimeType: expected a string"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("/generationConfig/response_format: unknown field"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("/toolConfig/functionCallingConfig/mode: \"ALWAYS\" is not a value"));
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .startsWith("/tools: repeated field must be a JSON array"));
    assertThat(errors).hasSize(7);
  }

  @Test
  void missingRequiredFieldsAreReportedExceptTheKnownQuirks() {
    JsonNode body = JSON.readTree("""
        {"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}],
         "tools":[{"functionDeclarations":[{"name":"f"}]}]}""");

    assertThat(GeminiProtos.v1beta().errors(REQUEST, body)).containsExactly(
        "/contents/0/parts/0/functionCall: required field name of"
            + " google.ai.generativelanguage.v1beta.FunctionCall is missing");
    assertThat(GeminiProtos.v1beta().errors(REQUEST, JSON.readTree("{}")))
        .singleElement().asString().contains("required field contents");
  }

  @Test
  void structAndValueFieldsTakeAnyJson() {
    JsonNode body = JSON.readTree("""
        {"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f",
            "response":{"error":"bad","nested":[1,{"x":null}]}}}]}],
         "generationConfig":{"responseJsonSchema":{"type":"object","anything":["goes"]}}}""");

    assertThat(GeminiProtos.v1beta().errors(REQUEST, body)).isEmpty();
  }
}
