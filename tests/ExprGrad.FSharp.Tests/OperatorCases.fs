/// Every F# operator the layer maps, once as an F# lambda (converted to a LINQ tree by the F# compiler)
/// and once as a quotation, with a domain where it is smooth: (u, v) ∈ [-1, 1]² ↦ (x, y).
module ExprGrad.FSharp.Tests.OperatorCases

open System
open System.Linq.Expressions
open Microsoft.FSharp.Quotations

/// Type-directed conversion happens only at a method argument: this method turns a lambda into its tree.
type Tree =
    static member Of(f: Expression<Func<float, float, float>>) = f

type Case =
    { Name: string
      Lambda: Expression<Func<float, float, float>>
      Quote: Expr<float * float -> float>
      Domain: float -> float -> float * float }
    override c.ToString() = c.Name

let private any u v = (2.0 * u, 2.0 * v)
let private positive u v = (0.1 + abs u * 2.0, 0.1 + abs v * 2.0)
let private inside u v = (0.9 * u, 0.9 * v)
/// Away from the integers and half-integers where rounding functions jump.
let private offGrid u v = (2.0 * u, floor (3.0 * v) + 0.1 + 0.3 * abs v)
let private apart u v = (0.6 + 0.4 * u, -0.6 + 0.4 * v)
let private awayFromZero u v = ((if u < 0.0 then -0.2 else 0.2) + u, 0.5 + abs v)

let private case name lambda quote domain =
    { Name = name; Lambda = lambda; Quote = quote; Domain = domain }

let all =
    [ case "+ - * / unary-" (Tree.Of(fun x y -> -(x - y) * x / y + x)) <@ fun (x, y) -> -(x - y) * x / y + x @> positive
      case "unary+" (Tree.Of(fun x y -> +x * y)) <@ fun (x, y) -> +x * y @> any
      case "%" (Tree.Of(fun x y -> x % y)) <@ fun (x, y) -> x % y @> positive
      case "sin cos" (Tree.Of(fun x y -> sin x * cos y)) <@ fun (x, y) -> sin x * cos y @> any
      case "tan" (Tree.Of(fun x y -> tan x * y)) <@ fun (x, y) -> tan x * y @> inside
      case "asin acos" (Tree.Of(fun x y -> asin x + acos y * x)) <@ fun (x, y) -> asin x + acos y * x @> inside
      case "atan" (Tree.Of(fun x y -> atan (x * y))) <@ fun (x, y) -> atan (x * y) @> any
      case "atan2" (Tree.Of(fun x y -> atan2 x y)) <@ fun (x, y) -> atan2 x y @> positive
      case "sinh cosh tanh" (Tree.Of(fun x y -> sinh x + cosh y * tanh x)) <@ fun (x, y) -> sinh x + cosh y * tanh x @> any
      case "exp" (Tree.Of(fun x y -> exp (x * y))) <@ fun (x, y) -> exp (x * y) @> any
      case "log log10" (Tree.Of(fun x y -> log x + log10 y)) <@ fun (x, y) -> log x + log10 y @> positive
      case "sqrt" (Tree.Of(fun x y -> sqrt (x * y))) <@ fun (x, y) -> sqrt (x * y) @> positive
      case "abs" (Tree.Of(fun x y -> abs x * y)) <@ fun (x, y) -> abs x * y @> awayFromZero
      case "sign" (Tree.Of(fun x y -> float (sign x) * y)) <@ fun (x, y) -> float (sign x) * y @> awayFromZero
      case "max min" (Tree.Of(fun x y -> max x y + 3.0 * min x y)) <@ fun (x, y) -> max x y + 3.0 * min x y @> apart
      case "floor ceil" (Tree.Of(fun x y -> floor y + ceil y * x)) <@ fun (x, y) -> floor y + ceil y * x @> offGrid
      case "round truncate" (Tree.Of(fun x y -> round y * x + truncate y)) <@ fun (x, y) -> round y * x + truncate y @> offGrid
      case "**" (Tree.Of(fun x y -> x ** y)) <@ fun (x, y) -> x ** y @> positive
      case "pown" (Tree.Of(fun x y -> pown x 3 + pown y -2)) <@ fun (x, y) -> pown x 3 + pown y -2 @> awayFromZero
      case "float int double" (Tree.Of(fun x y -> float (int y) * x + double x * y)) <@ fun (x, y) -> float (int y) * x + double x * y @> offGrid
      case "|> <|" (Tree.Of(fun x y -> (x |> sin) * (exp <| y))) <@ fun (x, y) -> (x |> sin) * (exp <| y) @> any ]
