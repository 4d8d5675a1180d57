/// The opening of transit's self-contained pages (trends, summary): well-formed XHTML, laid out
/// for the device's width, and a Content-Security-Policy that forbids loading anything (styles
/// are inline; there is no script).
enum HTMLPage {
    static func head(title: String, style: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
        <title>\(XMLText.escape(title))</title>
        <style>
        \(style)
        </style>
        </head>

        """
    }
}
