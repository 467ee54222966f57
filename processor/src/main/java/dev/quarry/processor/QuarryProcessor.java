package dev.quarry.processor;

import com.google.auto.service.AutoService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Generates {@code <Interface>Impl} for every {@code @LlmExtract} interface: read, check into a
 * report, model, generate. An interface that refers to a type not generated yet is read again in
 * the next round.
 */
@AutoService(Processor.class)
public final class QuarryProcessor extends AbstractProcessor {
  private final Set<String> deferred = new LinkedHashSet<>();
  private ComponentModel componentModel;
  private PartialTypeGenerator partials;

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(ComponentModel.OPTION);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(InterfaceReader.LLM_EXTRACT);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    List<TypeElement> interfaces = new ArrayList<>();
    for (String name : deferred) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element != null) {
        interfaces.add(element);
      }
    }
    deferred.clear();
    if (componentModel == null) {
      componentModel =
          ComponentModel.resolve(
              processingEnv.getOptions(),
              processingEnv.getElementUtils(),
              processingEnv.getMessager());
    }
    TypeElement annotation =
        processingEnv.getElementUtils().getTypeElement(InterfaceReader.LLM_EXTRACT);
    if (annotation != null) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element instanceof TypeElement) {
          interfaces.add((TypeElement) element);
        }
      }
    }
    for (TypeElement element : interfaces) {
      process(element, round.processingOver());
    }
    return false;
  }

  private void process(TypeElement element, boolean lastRound) {
    String name = element.getQualifiedName().toString();
    try {
      Report report = new Report();
      InterfaceReader reader =
          new InterfaceReader(
              processingEnv.getElementUtils(), processingEnv.getTypeUtils(), report);
      InterfaceModel model = reader.read(element);
      if (!reader.partialsToGenerate().isEmpty()) {
        if (partials == null) {
          partials =
              new PartialTypeGenerator(
                  processingEnv.getElementUtils(),
                  processingEnv.getTypeUtils(),
                  processingEnv.getFiler());
        }
        partials.generate(reader.partialsToGenerate(), element);
      }
      if (reader.unresolved()) {
        if (lastRound) {
          processingEnv
              .getMessager()
              .printMessage(Diagnostic.Kind.ERROR, Messages.unresolvedType(name), element);
        } else {
          deferred.add(name);
        }
        return;
      }
      report.printTo(processingEnv.getMessager());
      if (model != null && !report.hasErrors()) {
        new ImplGenerator(
                processingEnv.getElementUtils(), processingEnv.getTypeUtils(), componentModel)
            .generate(model)
            .writeTo(processingEnv.getFiler());
      }
    } catch (Exception | StackOverflowError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR, Messages.internalError(name, trace.toString()), element);
    }
  }
}
