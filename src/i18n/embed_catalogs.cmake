# Writes a C++ file that embeds every catalog/<lang>.json as a raw string.
# Inputs: CATALOG_DIR, OUTPUT.
file(GLOB catalogs ${CATALOG_DIR}/*.json)
list(SORT catalogs)
set(body "#include \"i18n/embedded_catalogs.h\"\nnamespace baro::i18n {\nconst std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedCatalogs() {\n  static const std::vector<std::pair<std::string_view, std::string_view>> k = {\n")
foreach(path IN LISTS catalogs)
  get_filename_component(lang ${path} NAME_WE)
  file(READ ${path} content)
  string(APPEND body "    {\"${lang}\", R\"baro_catalog(${content})baro_catalog\"},\n")
endforeach()
string(APPEND body "  };\n  return k;\n}\n}  // namespace baro::i18n\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
