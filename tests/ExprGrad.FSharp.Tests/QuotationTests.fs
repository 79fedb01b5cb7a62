/// Quotations through the F# layer: the same operators, lets, ifs, inner functions and Ops calls.
module ExprGrad.FSharp.Tests.QuotationTests

open Xunit
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support
open ExprGrad.FSharp.Tests.OperatorCases

type private Cases =
    static member Case() = Gen.elements all |> Arb.fromGen

[<ReflectedDefinition>]
let sigma x = 1.0 / (1.0 + exp (-x))

[<Property(MaxTest = 400, Replay = "(20260103,1)", Arbitrary = [| typeof<Generators>; typeof<Cases> |])>]
let ``every F# operator in a quotation matches central differences`` (case: Case) (Unit' u) (Unit' v) =
    let x, y = case.Domain u v
    let f = case.Lambda.Compile()
    let dx, dy = grad case.Quote (x, y)
    assertClose $"{case.Name} at ({x}, {y})" (numericGradient (fun p -> f.Invoke(p[0], p[1])) [| x; y |]) [| dx; dy |]

[<Property(MaxTest = 100, Replay = "(20260104,1)", Arbitrary = [| typeof<Generators> |])>]
let ``let, if, inner functions, Ops and reflected definitions in a quotation`` (Unit' u) (Unit' v) =
    let x, y = 2.0 * u, 2.0 * v
    let f (x, y) =
        let sq t = t * t
        let z = x * y + 1.0
        let w = if x > y then sq z + sin x else z * sq y
        w + Ops.Sigmoid x * sigma y + Ops.Sum(3, fun i -> float i * x)
    let q =
        <@ fun (x, y) ->
            let sq t = t * t
            let z = x * y + 1.0
            let w = if x > y then sq z + sin x else z * sq y
            w + Ops.Sigmoid x * sigma y + Ops.Sum(3, fun i -> float i * x) @>
    let value, (dx, dy) = valueAndGrad q (x, y)
    Assert.True(close (f (x, y)) value, $"value {value} <> {f (x, y)}")
    assertClose $"at ({x}, {y})" (numericGradient (fun p -> f (p[0], p[1])) [| x; y |]) [| dx; dy |]

[<Fact>]
let ``the first seed circuit through a quotation`` () =
    let value, gradient = valueAndGrad <@ fun (x, y, z) -> (x + y) * z @> (-2.0, 5.0, -4.0)
    Assert.Equal(-12.0, value)
    Assert.Equal((-4.0, -4.0, 3.0), gradient)

[<Fact>]
let ``a destructured inner tuple and fst/snd keep their gradient`` () =
    let dx, dy = grad <@ fun (x, y) -> let (a, b) = (x * y, y) in let t = (a, b) in fst t * snd t @> (3.0, 2.0)
    // f = x·y², so ∂f/∂x = y² and ∂f/∂y = 2xy.
    Assert.Equal((4.0, 12.0), (dx, dy))
