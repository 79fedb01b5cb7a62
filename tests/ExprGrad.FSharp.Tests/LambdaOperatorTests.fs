/// F# lambdas handed straight to the C# API: the core must understand FSharp.Core's operator shapes.
module ExprGrad.FSharp.Tests.LambdaOperatorTests

open Xunit
open System
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad
open ExprGrad.FSharp.Tests.Support
open ExprGrad.FSharp.Tests.OperatorCases

type private Cases =
    static member Case() = Gen.elements all |> Arb.fromGen

[<Property(MaxTest = 400, Replay = "(20260101,1)", Arbitrary = [| typeof<Generators>; typeof<Cases> |])>]
let ``every F# operator in a lambda matches central differences`` (case: Case) (Unit' u) (Unit' v) =
    let x, y = case.Domain u v
    let f = case.Lambda.Compile()
    let struct (dx, dy) = (Grad.Of case.Lambda).Invoke(x, y)
    let expected = numericGradient (fun p -> f.Invoke(p[0], p[1])) [| x; y |]
    assertClose $"{case.Name} at ({x}, {y})" expected [| dx; dy |]

[<Property(MaxTest = 100, Replay = "(20260102,1)", Arbitrary = [| typeof<Generators> |])>]
let ``let, if and inner functions in a lambda`` (Unit' u) (Unit' v) =
    let x, y = 2.0 * u, 2.0 * v
    let e = Tree.Of(fun x y ->
        let sq t = t * t
        let z = x * y + 1.0
        if x > y then sq z + sin x else z * sq y)
    let f = e.Compile()
    let struct (dx, dy) = (Grad.Of e).Invoke(x, y)
    assertClose $"at ({x}, {y})" (numericGradient (fun p -> f.Invoke(p[0], p[1])) [| x; y |]) [| dx; dy |]

[<Fact>]
let ``a curried F# lambda of three floats becomes a three-parameter gradient`` () =
    let g = Grad.ValueAndGradient(fun (x: float) (y: float) (z: float) -> (x + y) * z)
    let struct (value, struct (dx, dy, dz)) = g.Invoke(-2.0, 5.0, -4.0)
    Assert.Equal(-12.0, value)
    Assert.Equal(struct (-4.0, -4.0, 3.0), struct (dx, dy, dz))

[<Fact>]
let ``an F# lambda over a vector and a matrix`` () =
    let g = Grad.Of(fun (v: float[]) (m: float[,]) -> v[0] * m[0, 1] + Array.sumBy (fun t -> t * t) v)
    let struct (dv, dm) = g.Invoke([| 2.0; 3.0 |], array2D [ [ 1.0; 5.0 ]; [ 7.0; 11.0 ] ])
    Assert.Equal<float[]>([| 4.0 + 5.0; 6.0 |], dv)
    Assert.Equal(array2D [ [ 0.0; 2.0 ]; [ 0.0; 0.0 ] ], dm)
