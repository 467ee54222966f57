package dev.quarry.spring.boot.autoconfigure;

import dev.quarry.LlmExtract;
import dev.quarry.Quarry;
import java.beans.Introspector;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for every {@code @LlmExtract} interface found in the auto-configuration
 * packages and {@code quarry.scan-packages}; each bean is {@code quarry.create(type)}, the
 * generated {@code <Interface>Impl}. An interface that already has a bean (one you declared) is
 * left to yours.
 *
 * <p>The bean is named like a component of the interface ({@code receiptReader} for {@code
 * ReceiptReader}), or by the interface's full name when that name is taken.
 */
public class LlmExtractClientRegistrar
    implements BeanDefinitionRegistryPostProcessor,
        BeanFactoryAware,
        EnvironmentAware,
        ResourceLoaderAware,
        BeanClassLoaderAware {
  static final String SCAN_PACKAGES = "quarry.scan-packages";
  private static final Log log = LogFactory.getLog(LlmExtractClientRegistrar.class);

  private BeanFactory beanFactory;
  private Environment environment;
  private ResourceLoader resourceLoader;
  private ClassLoader classLoader;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    Set<String> packages = packages();
    if (packages.isEmpty()) {
      log.debug("No packages to scan for @LlmExtract interfaces");
      return;
    }
    for (String className : scan(packages)) {
      Class<?> type = ClassUtils.resolveClassName(className, classLoader);
      if (hasBean(type)) {
        log.debug("@LlmExtract interface " + className + " already has a bean; not registering one");
        continue;
      }
      registry.registerBeanDefinition(beanName(type, registry), definition(type));
    }
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}

  private Set<String> packages() {
    Set<String> packages = new LinkedHashSet<>();
    if (AutoConfigurationPackages.has(beanFactory)) {
      packages.addAll(AutoConfigurationPackages.get(beanFactory));
    }
    Binder.get(environment)
        .bind(SCAN_PACKAGES, Bindable.listOf(String.class))
        .ifBound(
            list ->
                list.stream().map(String::strip).filter(p -> !p.isEmpty()).forEach(packages::add));
    return packages;
  }

  private Set<String> scan(Set<String> packages) {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, environment) {
          @Override
          protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
            return definition.getMetadata().isInterface()
                && definition.getMetadata().isIndependent();
          }
        };
    scanner.setResourceLoader(resourceLoader);
    scanner.addIncludeFilter(new AnnotationTypeFilter(LlmExtract.class, false, false));
    Set<String> found = new LinkedHashSet<>();
    for (String basePackage : packages) {
      for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
        found.add(candidate.getBeanClassName());
      }
    }
    return found;
  }

  private boolean hasBean(Class<?> type) {
    return beanFactory instanceof ListableBeanFactory listable
        && listable.getBeanNamesForType(type, true, false).length > 0;
  }

  private static String beanName(Class<?> type, BeanDefinitionRegistry registry) {
    String name = Introspector.decapitalize(ClassUtils.getShortName(type));
    return registry.containsBeanDefinition(name) ? type.getName() : name;
  }

  private <T> RootBeanDefinition definition(Class<T> type) {
    RootBeanDefinition definition =
        new RootBeanDefinition(type, () -> beanFactory.getBean(Quarry.class).create(type));
    definition.setTargetType(type);
    definition.setResourceDescription("@LlmExtract interface " + type.getName());
    definition.setAttribute("quarry.llmExtract", Boolean.TRUE);
    return definition;
  }
}
