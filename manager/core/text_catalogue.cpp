#include "manager/core/text_catalogue.hpp"

#include <algorithm>

namespace pw::manager {
namespace {

// Sorted by key (the lookup is a binary search; the unit test checks the order). Columns in
// kTextLanguages order: en, fr, de, it, es, ja. The console's own catalogues
// (webui/src/i18n/locales) use the same words for the same things.
constexpr CatalogueEntry kEntries[] = {
    {"condition.empty", {"Empty", "Vide", "Leer", "Esaurito", "Vacío", "なし"}},
    {"condition.low", {"Low", "Bas", "Niedrig", "Basso", "Bajo", "残量少"}},
    {"condition.ok", {"OK", "OK", "OK", "OK", "OK", "正常"}},
    {"condition.unknown",
     {"Unknown", "Inconnu", "Unbekannt", "Sconosciuto", "Desconocido", "不明"}},
    {"counter.black", {"Black", "Noir", "Schwarz", "Nero", "Negro", "モノクロ"}},
    {"counter.colour", {"Colour", "Couleur", "Farbe", "Colore", "Color", "カラー"}},
    {"counter.copy", {"Copy", "Copie", "Kopie", "Copia", "Copia", "コピー"}},
    {"counter.fax", {"Fax", "Télécopie", "Fax", "Fax", "Fax", "ファクス"}},
    {"counter.large",
     {"Large paper", "Grand format", "Großformat", "Formato grande", "Papel grande",
      "大サイズ用紙"}},
    {"counter.print", {"Print", "Impression", "Druck", "Stampa", "Impresión", "プリント"}},
    {"counter.scan", {"Scan", "Numérisation", "Scan", "Scansione", "Escaneo", "スキャン"}},
    {"counter.small",
     {"Small paper", "Petit format", "Kleinformat", "Formato piccolo", "Papel pequeño",
      "小サイズ用紙"}},
    {"counter.total", {"Total", "Total", "Gesamt", "Totale", "Total", "合計"}},
    {"mail.counters.column.readAt",
     {"Read at (UTC)", "Relevé le (UTC)", "Gelesen am (UTC)", "Letto il (UTC)", "Leído el (UTC)",
      "読み取り日時 (UTC)"}},
    {"mail.counters.column.vendor",
     {"Manufacturer", "Fabricant", "Hersteller", "Produttore", "Fabricante", "メーカー"}},
    {"mail.counters.subject",
     {"Printer counters", "Compteurs des imprimantes", "Zählerstände der Drucker",
      "Contatori delle stampanti", "Contadores de las impresoras", "プリンターのカウンター"}},
    {"mail.counters.text",
     {"The counters of {n} printer(s), as last read, are attached (one row per printer).",
      "Les derniers compteurs relevés de {n} imprimante(s) sont joints (une ligne par imprimante).",
      "Die zuletzt gelesenen Zählerstände von {n} Drucker(n) sind angehängt (eine Zeile je "
      "Drucker).",
      "In allegato i contatori di {n} stampante/i, come letti l'ultima volta (una riga per "
      "stampante).",
      "Se adjuntan los últimos contadores leídos de {n} impresora(s) (una fila por impresora).",
      "{n} 台のプリンターの最後に読み取ったカウンターを添付します (プリンターごとに 1 行)。"}},
    {"mail.report.text",
     {"The report is attached.", "Le rapport est joint à ce message.", "Der Bericht ist angehängt.",
      "Il report è allegato.", "El informe va adjunto.", "レポートを添付します。"}},
    {"mail.rule.cleared", {"Cleared", "Résolu", "Behoben", "Risolto", "Resuelto", "解消"}},
    {"mail.rule.device",
     {"Device", "Périphérique", "Gerät", "Dispositivo", "Dispositivo", "デバイス"}},
    {"mail.rule.digest",
     {"{n} devices changed within {m} minutes; one message lists them all:",
      "{n} périphériques ont changé en {m} minutes ; un seul message les liste :",
      "{n} Geräte haben sich innerhalb von {m} Minuten geändert; eine Nachricht listet sie alle "
      "auf:",
      "{n} dispositivi sono cambiati in {m} minuti; un solo messaggio li elenca:",
      "{n} dispositivos cambiaron en {m} minutos; un solo mensaje los enumera:",
      "{m} 分以内に {n} 台のデバイスが変化しました。まとめて通知します:"}},
    {"mail.rule.raised", {"Now", "Maintenant", "Jetzt", "Ora", "Ahora", "現在"}},
    {"mail.rule.rule", {"Rule", "Règle", "Regel", "Regola", "Regla", "ルール"}},
    {"mail.rule.time",
     {"Time (UTC)", "Heure (UTC)", "Zeit (UTC)", "Ora (UTC)", "Hora (UTC)", "時刻 (UTC)"}},
    {"mail.task.column.detail", {"Detail", "Détail", "Details", "Dettaglio", "Detalle", "詳細"}},
    {"mail.task.column.id", {"Id", "Id", "ID", "ID", "ID", "ID"}},
    {"mail.task.column.kind", {"Kind", "Type", "Art", "Tipo", "Tipo", "種類"}},
    {"mail.task.column.result",
     {"Result", "Résultat", "Ergebnis", "Risultato", "Resultado", "結果"}},
    {"mail.task.column.target", {"Target", "Cible", "Ziel", "Destinazione", "Destino", "対象"}},
    {"mail.task.column.updated",
     {"Updated (UTC)", "Mis à jour (UTC)", "Aktualisiert (UTC)", "Aggiornato (UTC)",
      "Actualizado (UTC)", "更新日時 (UTC)"}},
    {"mail.task.ended",
     {"Ended: {time}", "Fin : {time}", "Beendet: {time}", "Fine: {time}", "Fin: {time}",
      "終了: {time}"}},
    {"mail.task.failedList",
     {"Targets that did not succeed:", "Cibles en échec :", "Nicht erfolgreiche Ziele:",
      "Destinazioni non riuscite:", "Destinos que no se completaron correctamente:",
      "成功しなかった対象:"}},
    {"mail.task.more",
     {"... and {n} more", "... et {n} de plus", "... und {n} weitere", "... e altre {n}",
      "... y {n} más", "... ほか {n} 件"}},
    {"mail.task.moreAttached",
     {"... and {n} more (see the attached file)", "... et {n} de plus (voir le fichier joint)",
      "... und {n} weitere (siehe angehängte Datei)", "... e altre {n} (vedere il file allegato)",
      "... y {n} más (consulte el archivo adjunto)", "... ほか {n} 件 (添付ファイルを参照)"}},
    {"mail.task.run",
     {"Run {id}: {result}", "Exécution {id} : {result}", "Ausführung {id}: {result}",
      "Esecuzione {id}: {result}", "Ejecución {id}: {result}", "実行 {id}: {result}"}},
    {"mail.task.started",
     {"Started: {time}", "Début : {time}", "Gestartet: {time}", "Inizio: {time}", "Inicio: {time}",
      "開始: {time}"}},
    {"mail.task.subject",
     {"Task \"{name}\": {result}", "Tâche « {name} » : {result}", "Aufgabe „{name}“: {result}",
      "Attività \"{name}\": {result}", "Tarea \"{name}\": {result}", "タスク「{name}」: {result}"}},
    {"mail.task.targets",
     {"Targets: {n}", "Cibles : {n}", "Ziele: {n}", "Destinazioni: {n}", "Destinos: {n}",
      "対象: {n}"}},
    {"mail.task.task",
     {"Task: {name} ({type})", "Tâche : {name} ({type})", "Aufgabe: {name} ({type})",
      "Attività: {name} ({type})", "Tarea: {name} ({type})", "タスク: {name} ({type})"}},
    {"report.allDevices",
     {"All devices", "Tous les périphériques", "Alle Geräte", "Tutti i dispositivi",
      "Todos los dispositivos", "すべてのデバイス"}},
    {"report.column.colorant",
     {"Colorant", "Colorant", "Farbmittel", "Colorante", "Colorante", "色材"}},
    {"report.column.condition", {"Condition", "État", "Zustand", "Condizione", "Estado", "状態"}},
    {"report.column.counter",
     {"Counter", "Compteur", "Zähler", "Contatore", "Contador", "カウンター"}},
    {"report.column.daysToEmpty",
     {"Days to empty", "Jours avant épuisement", "Tage bis leer", "Giorni all'esaurimento",
      "Días hasta agotarse", "なくなるまでの日数"}},
    {"report.column.device",
     {"Device", "Périphérique", "Gerät", "Dispositivo", "Dispositivo", "デバイス"}},
    {"report.column.deviceNames",
     {"Device names", "Noms des périphériques", "Gerätenamen", "Nomi dei dispositivi",
      "Nombres de los dispositivos", "デバイス名"}},
    {"report.column.devices",
     {"Devices", "Périphériques", "Geräte", "Dispositivi", "Dispositivos", "デバイス数"}},
    {"report.column.empty", {"Empty", "Vide", "Leer", "Esaurito", "Vacío", "なし"}},
    {"report.column.firmware",
     {"Firmware version", "Version du micrologiciel", "Firmwareversion", "Versione del firmware",
      "Versión de firmware", "ファームウェアのバージョン"}},
    {"report.column.ipAddress",
     {"IP address", "Adresse IP", "IP-Adresse", "Indirizzo IP", "Dirección IP", "IP アドレス"}},
    {"report.column.level",
     {"Level %", "Niveau %", "Füllstand %", "Livello %", "Nivel %", "残量 %"}},
    {"report.column.low", {"Low", "Bas", "Niedrig", "Basso", "Bajo", "残量少"}},
    {"report.column.model", {"Model", "Modèle", "Modell", "Modello", "Modelo", "モデル"}},
    {"report.column.order", {"Order", "Commander", "Bestellen", "Ordinare", "Pedir", "発注"}},
    {"report.column.period", {"Period", "Période", "Zeitraum", "Periodo", "Periodo", "期間"}},
    {"report.column.region", {"Region", "Région", "Region", "Regione", "Región", "地域"}},
    {"report.column.serial",
     {"Serial number", "Numéro de série", "Seriennummer", "Numero di serie", "Número de serie",
      "シリアル番号"}},
    {"report.column.share",
     {"{status} %", "{status} %", "{status} %", "{status} %", "{status} %", "{status} %"}},
    {"report.column.state",
     {"State", "État du niveau", "Füllstandsangabe", "Stato del livello", "Estado del nivel",
      "残量の状態"}},
    {"report.column.supply",
     {"Supply", "Consommable", "Verbrauchsmaterial", "Materiale", "Consumible", "消耗品"}},
    {"report.column.toOrder",
     {"To order", "À commander", "Zu bestellen", "Da ordinare", "Para pedir", "発注数"}},
    {"report.column.total", {"Total", "Total", "Summe", "Totale", "Total", "合計"}},
    {"report.sheet.counters",
     {"Counters", "Compteurs", "Zähler", "Contatori", "Contadores", "カウンター"}},
    {"report.sheet.firmware",
     {"Firmware", "Micrologiciel", "Firmware", "Firmware", "Firmware", "ファームウェア"}},
    {"report.sheet.status", {"Status", "État", "Status", "Stato", "Estado", "ステータス"}},
    {"report.sheet.supplies",
     {"Consumables", "Consommables", "Verbrauchsmaterial", "Materiali di consumo", "Consumibles",
      "消耗品"}},
    {"report.yes", {"Yes", "Oui", "Ja", "Sì", "Sí", "はい"}},
    {"status.error", {"Error", "Erreur", "Fehler", "Errore", "Error", "エラー"}},
    {"status.noData",
     {"No data", "Pas de données", "Keine Daten", "Nessun dato", "Sin datos", "データなし"}},
    {"status.normal", {"Normal", "Normal", "Normal", "Normale", "Normal", "正常"}},
    {"status.offline",
     {"No response", "Pas de réponse", "Keine Antwort", "Nessuna risposta", "Sin respuesta",
      "応答なし"}},
    {"status.serviceCall",
     {"Service call", "Appel de maintenance", "Serviceruf", "Chiamata di assistenza",
      "Llamada de servicio", "サービスコール"}},
    {"status.unknown", {"Unknown", "Inconnu", "Unbekannt", "Sconosciuto", "Desconocido", "不明"}},
    {"status.warning", {"Warning", "Avertissement", "Warnung", "Avviso", "Advertencia", "警告"}},
    {"supplyState.absent",
     {"Not reported", "Non indiqué", "Nicht gemeldet", "Non indicato", "No indicado", "報告なし"}},
    {"supplyState.invalid",
     {"Invalid reading", "Lecture invalide", "Ungültiger Wert", "Lettura non valida",
      "Lectura no válida", "無効な値"}},
    {"supplyState.other", {"Other", "Autre", "Sonstiges", "Altro", "Otro", "その他"}},
    {"supplyState.some_remaining",
     {"Some remaining", "Reste un peu", "Noch vorhanden", "Ancora presente", "Queda algo",
      "残りあり"}},
    {"supplyState.unknown",
     {"Unknown", "Inconnu", "Unbekannt", "Sconosciuto", "Desconocido", "不明"}},
    {"supplyState.value", {"Measured", "Mesuré", "Gemessen", "Misurato", "Medido", "測定値"}},
    {"task.result.authenticationError",
     {"Authentication error", "Erreur d'authentification", "Authentifizierungsfehler",
      "Errore di autenticazione", "Error de autenticación", "認証エラー"}},
    {"task.result.cancelled",
     {"Cancelled", "Annulée", "Abgebrochen", "Annullato", "Cancelado", "キャンセル済み"}},
    {"task.result.error", {"Error", "Erreur", "Fehler", "Errore", "Error", "エラー"}},
    {"task.result.pending",
     {"Pending", "En attente", "Ausstehend", "In attesa", "Pendiente", "保留中"}},
    {"task.result.running",
     {"Running", "En cours", "Läuft", "In esecuzione", "En ejecución", "実行中"}},
    {"task.result.success", {"Success", "Réussite", "Erfolg", "Riuscito", "Correcto", "成功"}},
    {"task.result.timeout",
     {"Timeout", "Délai dépassé", "Zeitüberschreitung", "Timeout", "Tiempo agotado",
      "タイムアウト"}},
    {"task.result.unfinished",
     {"Unfinished", "Non terminée", "Nicht beendet", "Non terminato", "Sin terminar", "未完了"}},
    {"task.targetKind.agent", {"Agent", "Agent", "Agent", "Agente", "Agente", "エージェント"}},
    {"task.targetKind.device",
     {"Device", "Périphérique", "Gerät", "Dispositivo", "Dispositivo", "デバイス"}},
    {"task.type.batch",
     {"Batch task", "Tâche par lots", "Stapelaufgabe", "Attività batch", "Tarea por lotes",
      "バッチタスク"}},
    {"task.type.discovery",
     {"Discovery", "Découverte", "Erkennung", "Rilevamento", "Detección", "検出"}},
    {"task.type.restart-printers",
     {"Restart / shut down printers", "Redémarrer / éteindre des imprimantes",
      "Drucker neu starten / herunterfahren", "Riavvia / spegni stampanti",
      "Reiniciar / apagar impresoras", "プリンターの再起動／シャットダウン"}},
    {"task.type.send-counters",
     {"Send counters by e-mail", "Envoyer les compteurs par e-mail",
      "Zählerstände per E-Mail senden", "Invia i contatori per e-mail",
      "Enviar contadores por correo", "カウンターをメールで送信"}},
    {"task.type.send-report",
     {"Send a report by e-mail", "Envoyer un rapport par e-mail", "Bericht per E-Mail senden",
      "Invia un report via e-mail", "Enviar un informe por correo", "レポートをメールで送信"}},
};

}  // namespace

bool isTextLanguage(std::string_view code) {
  return std::find(kTextLanguages.begin(), kTextLanguages.end(), code) != kTextLanguages.end();
}

std::span<const CatalogueEntry> textCatalogue() {
  return kEntries;
}

Words::Words(std::string_view language) {
  const auto it = std::find(kTextLanguages.begin(), kTextLanguages.end(), language);
  column_ = it == kTextLanguages.end() ? 0 : static_cast<std::size_t>(it - kTextLanguages.begin());
}

std::string_view Words::operator()(std::string_view key) const {
  const auto* it = std::lower_bound(
      std::begin(kEntries), std::end(kEntries), key,
      [](const CatalogueEntry& entry, std::string_view k) { return entry.key < k; });
  if (it == std::end(kEntries) || it->key != key) return key;
  return it->texts[column_];
}

std::string Words::operator()(
    std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> values) const {
  std::string text((*this)(key));
  for (const auto& [name, value] : values) {
    const std::string placeholder = "{" + std::string(name) + "}";
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

}  // namespace pw::manager
