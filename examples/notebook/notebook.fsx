// The cells of ExprGrad.dib (the example notebook), as a script CI runs: the notebook's first cell loads the
// package with #r "nuget: ExprGrad.Interactive"; here the built assemblies stand in for it.
// Build first: dotnet build src/ExprGrad.Interactive/ExprGrad.Interactive.csproj -c Release
// Run:         dotnet fsi examples/notebook/notebook.fsx
#r "../../src/ExprGrad.Interactive/bin/Release/net10.0/ExprGrad.dll"
#r "../../src/ExprGrad.Interactive/bin/Release/net10.0/Microsoft.DotNet.Interactive.Formatting.dll"
#r "../../src/ExprGrad.Interactive/bin/Release/net10.0/ExprGrad.Interactive.dll"

// ---- cell: the formatters
open System
open System.Linq.Expressions
open Microsoft.DotNet.Interactive.Formatting
open ExprGrad
open ExprGrad.Interactive

NotebookFormatters.Register()

/// F# turns a lambda into an expression tree where a method asks for one.
type Lambda =
    static member Of(f: Expression<Func<float, float, float, float>>) = f

// ---- cell: the circuit of the notes, f = (x + y)·z at (−2, 5, −4)
let f = Lambda.Of(fun x y z -> (x + y) * z)
let circuit = Circuit.Trace(f, -2.0, 5.0, -4.0)
circuit

// ---- cell: its gradient, checked against finite differences
let report = GradientCheck.Run(f, -2.0, 5.0, -4.0)
report

// ---- cell: the program that computes it
let code = PrintedGradient.Of(f)
code

// ---- not a notebook cell: what the notebook shows, checked, so the script fails loudly if it rots
let show (value: obj) = Formatter.ToDisplayString(value, NotebookFormatters.HtmlMimeType)
let expect what (html: string) (parts: string list) =
    let missing = parts |> List.filter (fun p -> not (html.Contains p))
    printfn "%-22s %d characters of HTML%s" what html.Length (if missing.IsEmpty then "" else $" <- missing {missing}")
    if not missing.IsEmpty then exit 1
// f = −12; ∂f/∂x = ∂f/∂y = z = −4, ∂f/∂z = x + y = 3.
expect "circuit (SVG)" (show circuit) [ "<svg"; ">-12<"; ">-4<"; ">3<" ]
expect "gradient check" (show report) [ "Gradient check passed"; "<table>"; "</td><td>-4</td>"; "</td><td>3</td>" ]
expect "printed gradient" (show code) [ "<pre><code class=\"language-csharp\">"; "return (" ]
