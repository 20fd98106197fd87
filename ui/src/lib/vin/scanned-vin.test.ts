import { Format } from '@tauri-apps/plugin-barcode-scanner';
import { describe, expect, it } from 'vitest';
import { VIN_FORMATS, vinFromScan } from './scanned-vin';

const VIN = 'SJNFAAJ11U2345678';

describe('vinFromScan', () => {
  it('scans the codes a VIN comes in', () => {
    expect(VIN_FORMATS).toEqual(['CODE_39', 'CODE_128', 'DATA_MATRIX', 'QR_CODE']);
  });

  it.each([Format.Code39, Format.Code128])('trims a %s label and puts it in capitals', (format) => {
    expect(vinFromScan(`  ${VIN.toLowerCase()}\n`, format)).toBe(VIN);
  });

  it('drops the leading I of an 18-character Code 39 VIN', () => {
    expect(vinFromScan(`I${VIN}`, Format.Code39)).toBe(VIN);
    expect(vinFromScan(` i${VIN.toLowerCase()} `, Format.Code39)).toBe(VIN);
  });

  it('keeps other characters for the live check to point at', () => {
    // Not Code 39, or not 18 characters: passed on as read.
    expect(vinFromScan(`I${VIN}`, Format.Code128)).toBe(`I${VIN}`);
    expect(vinFromScan(`I${VIN}X`, Format.Code39)).toBe(`I${VIN}X`);
    expect(vinFromScan('SJNFAAJ11U234567', Format.Code39)).toBe('SJNFAAJ11U234567');
    expect(vinFromScan('SJNF-AAJ1 1U2345678', null)).toBe('SJNF-AAJ1 1U2345678');
  });

  it.each([Format.QRCode, Format.DataMatrix])('pulls the VIN out of the text of a %s code', (format) => {
    expect(vinFromScan(VIN, format)).toBe(VIN);
    expect(vinFromScan(`vin:${VIN.toLowerCase()};reg:AB12CDE`, format)).toBe(VIN);
    expect(vinFromScan(`FIN ${VIN}\nHSN 0005 TSN ABC`, format)).toBe(VIN);
    expect(vinFromScan(`E=${VIN}\u001dP=2024`, format)).toBe(VIN);
  });

  it('takes the first run of exactly 17 VIN characters, with digits in it', () => {
    // 18 in a row is no VIN; a 17-letter word neither; the VIN comes after both.
    expect(vinFromScan(`X${VIN} ABCDEFGHJKLMNPRST ${'WVWZZZ1JZXW000001'}`, Format.QRCode)).toBe('WVWZZZ1JZXW000001');
  });

  it('finds nothing in text without a VIN', () => {
    expect(vinFromScan('https://example.com/registration', Format.QRCode)).toBeNull();
    expect(vinFromScan('SJNFAAJ11U234567', Format.DataMatrix)).toBeNull();
    expect(vinFromScan('   ', Format.Code39)).toBeNull();
  });
});
