package com.example.quickstart;

import dev.quarry.Image;
import dev.quarry.LlmExtract;
import dev.quarry.Prompt;
import java.util.List;

@LlmExtract(system = "You extract data from receipts. Never invent values.")
public interface ReceiptReader {
  @Prompt("Extract the receipt below.\n\n{{text}}")
  Receipt read(String text);

  @Prompt("Extract the receipt in this photo.")
  Receipt readPhoto(Image photo);

  @Prompt("List every person named in: {{text}}")
  List<Person> people(String text);
}
