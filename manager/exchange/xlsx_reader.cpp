// XLSX through libzip (the package) and expat (the XML parts). Only what an import needs is
// read: the first worksheet, in workbook order, and the shared strings.
#include <expat.h>
#include <zip.h>

#include <charconv>
#include <limits>
#include <map>
#include <memory>

#include "manager/exchange/raw_table.hpp"

namespace pw::manager::exchange::detail {
namespace {

constexpr char kNamespaceSeparator = '|';

RowError fileError(std::string message) {
  return RowError{0, "", std::move(message)};
}

std::string_view localName(const XML_Char* name) {
  const std::string_view full(name);
  const std::size_t bar = full.rfind(kNamespaceSeparator);
  return bar == std::string_view::npos ? full : full.substr(bar + 1);
}

const XML_Char* attribute(const XML_Char** attributes, std::string_view local) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (localName(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

// r:id is namespaced; a plain "id" attribute must not be mistaken for it.
const XML_Char* relationshipId(const XML_Char** attributes) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    const std::string_view name(attributes[i]);
    if (name.find("relationships|id") != std::string_view::npos) return attributes[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view /*data*/) {}
  // Set by a handler to stop parsing with a reason (limits, bad references).
  std::optional<std::string> abort_reason;
};

struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

// Returns an error message, or nullopt when the part parsed.
std::optional<std::string> parseXml(std::string_view xml, XmlHandler& handler,
                                    std::string_view part) {
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return std::string(part) + " is too large";
  }
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(
      XML_ParserCreateNS(nullptr, kNamespaceSeparator));
  if (!parser) return "cannot create an XML parser";
  struct Context {
    XmlHandler* handler;
    XML_Parser parser;
    bool doctype = false;
  } context{&handler, parser.get()};
  XML_SetUserData(parser.get(), &context);
  XML_SetElementHandler(
      parser.get(),
      [](void* user, const XML_Char* name, const XML_Char** attributes) {
        auto& ctx = *static_cast<Context*>(user);
        ctx.handler->start(localName(name), attributes);
        if (ctx.handler->abort_reason) XML_StopParser(ctx.parser, XML_FALSE);
      },
      [](void* user, const XML_Char* name) {
        auto& ctx = *static_cast<Context*>(user);
        ctx.handler->end(localName(name));
        if (ctx.handler->abort_reason) XML_StopParser(ctx.parser, XML_FALSE);
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* user, const XML_Char* data, int length) {
    static_cast<Context*>(user)->handler->text(
        std::string_view(data, static_cast<std::size_t>(length)));
  });
  // XLSX parts never carry a DTD; refusing one shuts out entity-expansion attacks outright.
  XML_SetStartDoctypeDeclHandler(
      parser.get(), [](void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto& ctx = *static_cast<Context*>(user);
        ctx.doctype = true;
        XML_StopParser(ctx.parser, XML_FALSE);
      });
  const XML_Status status =
      XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (handler.abort_reason) return handler.abort_reason;
  if (context.doctype) return std::string(part) + " contains a DTD, which XLSX files never do";
  if (status != XML_STATUS_OK) {
    return std::string(part) + " is not well-formed XML (line " +
           std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
           XML_ErrorString(XML_GetErrorCode(parser.get())) + ")";
  }
  return std::nullopt;
}

struct ZipDeleter {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDeleter>;
struct ZipFileDeleter {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

struct Entry {
  std::optional<std::string> data;  // nullopt with empty error: the entry does not exist
  std::string error;
};

// Reads one entry, trusting neither the declared size nor the compression ratio: the read stops
// as soon as the output passes the limit.
Entry readEntry(zip_t* archive, const std::string& name, std::size_t limit) {
  Entry entry;
  const zip_int64_t index = zip_name_locate(archive, name.c_str(), 0);
  if (index < 0) return entry;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
      (stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > limit) {
    entry.error = name + " is larger than " + std::to_string(limit) + " bytes uncompressed";
    return entry;
  }
  std::unique_ptr<zip_file_t, ZipFileDeleter> file(
      zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (!file) {
    entry.error = "cannot open " + name + " (" + zip_strerror(archive) + ")";
    return entry;
  }
  std::string data;
  char buffer[64 * 1024];
  for (;;) {
    const zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
    if (got < 0) {
      entry.error = "cannot read " + name + " (" + zip_file_strerror(file.get()) + ")";
      return entry;
    }
    if (got == 0) break;
    if (data.size() + static_cast<std::size_t>(got) > limit) {
      entry.error = name + " is larger than " + std::to_string(limit) + " bytes uncompressed";
      return entry;
    }
    data.append(buffer, static_cast<std::size_t>(got));
  }
  entry.data = std::move(data);
  return entry;
}

class WorkbookHandler : public XmlHandler {
 public:
  std::optional<std::string> first_sheet_rid;
  void start(std::string_view name, const XML_Char** attributes) override {
    if (name == "sheet" && !first_sheet_rid) {
      if (const XML_Char* rid = relationshipId(attributes)) first_sheet_rid = rid;
    }
  }
  void end(std::string_view /*name*/) override {}
};

class RelsHandler : public XmlHandler {
 public:
  std::map<std::string, std::string> targets;  // Id -> Target
  std::optional<std::string> shared_strings_target;
  void start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return;
    const XML_Char* id = attribute(attributes, "Id");
    const XML_Char* target = attribute(attributes, "Target");
    const XML_Char* type = attribute(attributes, "Type");
    if (id == nullptr || target == nullptr) return;
    targets[id] = target;
    if (type != nullptr && std::string_view(type).ends_with("/sharedStrings")) {
      shared_strings_target = target;
    }
  }
  void end(std::string_view /*name*/) override {}
};

// Text of <t> elements, leaving out phonetic runs (<rPh>) which are not part of the value.
class TextCollector {
 public:
  void start(std::string_view name) {
    if (name == "rPh") ++phonetic_depth_;
    if (name == "t" && phonetic_depth_ == 0) in_text_ = true;
  }
  void end(std::string_view name) {
    if (name == "rPh") --phonetic_depth_;
    if (name == "t") in_text_ = false;
  }
  void text(std::string_view data, std::string& out) const {
    if (in_text_) out.append(data);
  }

 private:
  int phonetic_depth_ = 0;
  bool in_text_ = false;
};

class SharedStringsHandler : public XmlHandler {
 public:
  std::vector<std::string> strings;
  void start(std::string_view name, const XML_Char** /*attributes*/) override {
    if (name == "si") {
      strings.emplace_back();
      in_item_ = true;
    }
    collector_.start(name);
  }
  void end(std::string_view name) override {
    collector_.end(name);
    if (name == "si") in_item_ = false;
  }
  void text(std::string_view data) override {
    if (in_item_) collector_.text(data, strings.back());
  }

 private:
  TextCollector collector_;
  bool in_item_ = false;
};

// "C12" -> column 2 (zero-based), row 12. Either part may be absent in a malformed file.
bool parseCellReference(std::string_view ref, std::size_t& column, int& row) {
  std::size_t pos = 0;
  std::size_t col = 0;
  while (pos < ref.size() && ref[pos] >= 'A' && ref[pos] <= 'Z') {
    col = col * 26 + static_cast<std::size_t>(ref[pos] - 'A' + 1);
    if (col > kMaxColumns) return false;
    ++pos;
  }
  if (pos == 0 || pos == ref.size()) return false;
  const auto [end, ec] = std::from_chars(ref.data() + pos, ref.data() + ref.size(), row);
  if (ec != std::errc() || end != ref.data() + ref.size() || row < 1) return false;
  column = col - 1;
  return true;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const std::vector<std::string>& shared, const ImportLimits& limits)
      : shared_(shared), limits_(limits) {}

  std::vector<RawRecord> records;

  void start(std::string_view name, const XML_Char** attributes) override {
    if (name == "row") {
      int number = last_row_ + 1;
      if (const XML_Char* r = attribute(attributes, "r")) {
        const std::string_view value(r);
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < 1) {
          abort_reason = "the worksheet has an invalid row number \"" + std::string(value) + "\"";
          return;
        }
      }
      row_ = RawRecord{number, {}};
      last_row_ = number;
      next_column_ = 0;
      in_row_ = true;
    } else if (name == "c" && in_row_) {
      std::size_t column = next_column_;
      if (const XML_Char* r = attribute(attributes, "r")) {
        int row_number = 0;
        if (!parseCellReference(r, column, row_number)) {
          abort_reason = "the worksheet has an invalid cell reference \"" + std::string(r) + "\"";
          return;
        }
      }
      if (column >= kMaxColumns) {
        abort_reason = "the worksheet has more than " + std::to_string(kMaxColumns) + " columns";
        return;
      }
      const XML_Char* type = attribute(attributes, "t");
      cell_type_ = type == nullptr ? "n" : type;
      cell_column_ = column;
      next_column_ = column + 1;
      value_.clear();
      inline_text_.clear();
      in_cell_ = true;
    } else if (name == "v" && in_cell_) {
      in_value_ = true;
    } else if (name == "is" && in_cell_) {
      in_inline_ = true;
    }
    if (in_inline_) collector_.start(name);
  }

  void end(std::string_view name) override {
    if (in_inline_) collector_.end(name);
    if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      finishCell();
    } else if (name == "row" && in_row_) {
      in_row_ = false;
      finishRow();
    }
  }

  void text(std::string_view data) override {
    if (in_value_) value_.append(data);
    if (in_inline_) collector_.text(data, inline_text_);
  }

 private:
  void finishCell() {
    std::string cell;
    if (cell_type_ == "s") {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (ec != std::errc() || end != value_.data() + value_.size() || index >= shared_.size()) {
        abort_reason =
            "row " + std::to_string(row_.line) + " refers to a shared string that does not exist";
        return;
      }
      cell = shared_[index];
    } else if (cell_type_ == "inlineStr") {
      cell = inline_text_;
    } else if (cell_type_ == "b") {
      cell = value_ == "1" ? "TRUE" : "FALSE";
    } else {
      // Numbers, dates, formula results (t="str") and error values: the stored text.
      cell = value_;
    }
    if (cell.empty()) return;
    if (row_.cells.size() <= cell_column_) row_.cells.resize(cell_column_ + 1);
    row_.cells[cell_column_] = std::move(cell);
  }

  void finishRow() {
    if (row_.cells.empty()) return;  // empty rows are skipped
    if (records.size() > limits_.max_data_rows) {
      abort_reason = "the file has more than " + std::to_string(limits_.max_data_rows) + " rows";
      return;
    }
    cell_count_ += row_.cells.size();
    if (cell_count_ > limits_.max_cells) {
      abort_reason = "the file has more than " + std::to_string(limits_.max_cells) + " cells";
      return;
    }
    records.push_back(std::move(row_));
    row_ = {};
  }

  const std::vector<std::string>& shared_;
  const ImportLimits& limits_;
  RawRecord row_;
  int last_row_ = 0;
  std::size_t cell_count_ = 0;
  std::size_t next_column_ = 0;
  std::size_t cell_column_ = 0;
  std::string cell_type_;
  std::string value_;
  std::string inline_text_;
  TextCollector collector_;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
};

// Relationship targets are relative to xl/ unless they start with '/'.
std::string resolveTarget(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::string path = "xl/" + std::string(target);
  // Writers do not use "..", but a crafted file might; libzip only matches exact names, so an
  // unresolved path simply does not exist, which is safe.
  return path;
}

}  // namespace

RawTable readXlsx(std::string_view bytes, const ImportLimits& limits) {
  RawTable table;
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zip_error);
  if (source == nullptr) {
    table.error =
        fileError(std::string("cannot read the workbook (") + zip_error_strerror(&zip_error) + ")");
    zip_error_fini(&zip_error);
    return table;
  }
  ZipPtr archive(zip_open_from_source(source, ZIP_RDONLY, &zip_error));
  if (!archive) {
    zip_source_free(source);
    table.error = fileError(std::string("the file is not a readable XLSX workbook (") +
                            zip_error_strerror(&zip_error) + ")");
    zip_error_fini(&zip_error);
    return table;
  }
  zip_error_fini(&zip_error);

  const std::size_t limit = limits.max_uncompressed_entry_bytes;
  const auto load = [&](const std::string& name, bool required) -> std::optional<std::string> {
    Entry entry = readEntry(archive.get(), name, limit);
    if (!entry.error.empty()) {
      table.error = fileError(entry.error);
      return std::nullopt;
    }
    if (!entry.data && required) {
      table.error =
          fileError("the file is a zip archive but not an XLSX workbook (no " + name + ")");
    }
    return entry.data;
  };
  const auto parse = [&](const std::string& xml, XmlHandler& handler, const std::string& name) {
    if (auto problem = parseXml(xml, handler, name)) {
      table.error = fileError(*problem);
      return false;
    }
    return true;
  };

  const auto workbook = load("xl/workbook.xml", true);
  if (!workbook) return table;
  WorkbookHandler workbook_handler;
  if (!parse(*workbook, workbook_handler, "xl/workbook.xml")) return table;

  std::string sheet_path = "xl/worksheets/sheet1.xml";
  std::string shared_path = "xl/sharedStrings.xml";
  const auto rels = load("xl/_rels/workbook.xml.rels", false);
  if (table.error) return table;
  if (rels) {
    RelsHandler rels_handler;
    if (!parse(*rels, rels_handler, "xl/_rels/workbook.xml.rels")) return table;
    if (workbook_handler.first_sheet_rid) {
      const auto found = rels_handler.targets.find(*workbook_handler.first_sheet_rid);
      if (found != rels_handler.targets.end()) sheet_path = resolveTarget(found->second);
    }
    if (rels_handler.shared_strings_target) {
      shared_path = resolveTarget(*rels_handler.shared_strings_target);
    }
  }

  SharedStringsHandler shared_handler;
  const auto shared = load(shared_path, false);
  if (table.error) return table;
  if (shared && !parse(*shared, shared_handler, shared_path)) return table;

  const auto sheet = load(sheet_path, true);
  if (!sheet) return table;
  SheetHandler sheet_handler(shared_handler.strings, limits);
  if (!parse(*sheet, sheet_handler, sheet_path)) return table;
  table.records = std::move(sheet_handler.records);
  return table;
}

}  // namespace pw::manager::exchange::detail
